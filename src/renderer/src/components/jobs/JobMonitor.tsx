/** The open job: live monitor while it runs, report once it ended. */
export function JobMonitor(): React.JSX.Element {
  return <section aria-label="Job" />
}
