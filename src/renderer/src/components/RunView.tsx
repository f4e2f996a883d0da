export function RunView(): React.JSX.Element {
  return <section aria-label="Run" />
}
