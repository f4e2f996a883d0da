/** The home view: every known job with its status; an interrupted one offers Resume. */
export function JobsHome(): React.JSX.Element {
  return <section aria-label="Jobs" />
}
