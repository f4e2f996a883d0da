import { useModalDialog } from '../use-modal-dialog'
import { useStore as useVanilla } from 'zustand'
import { shortcutHelp } from '../app/shortcut-help'
import { SHORTCUTS } from '../shortcuts'

/** The list of keyboard shortcuts, opened with `?`. */
export function ShortcutHelp(): React.JSX.Element {
  const open = useVanilla(shortcutHelp, (s) => s.open)
  const dialog = useModalDialog(open)
  return (
    <dialog ref={dialog} className="browser" aria-label="Keyboard shortcuts" onClose={() => shortcutHelp.setState({ open: false })}>
      <h2 className="dataset-title">Keyboard shortcuts</h2>
      <table className="columns">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <td className="mono">{s.keys}</td>
              <td>{s.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row" style={{ justifyContent: 'flex-end', marginTop: 12 }}>
        <button type="button" onClick={() => shortcutHelp.setState({ open: false })}>
          Close
        </button>
      </div>
    </dialog>
  )
}
