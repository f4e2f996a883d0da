/** One cell's whole value, over the table it came from. */
export function CellDialog({ title, text, onClose }: { title: string; text: string; onClose: () => void }): React.JSX.Element {
  return (
    <div className="cell-full" role="dialog" aria-label={title}>
      <div className="row">
        <strong className="mono">{title}</strong>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <pre>{text}</pre>
    </div>
  )
}
