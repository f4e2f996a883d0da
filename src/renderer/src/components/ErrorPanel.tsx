import type { ApiErrorShape } from '../../../shared/errors'

export function ErrorPanel({ title, error }: { title: string; error: ApiErrorShape }): React.JSX.Element {
  return (
    <div className="error-panel" role="alert">
      <div className="error-title">{title}</div>
      <div className="error-message">{error.message}</div>
      <div className="muted small">code {error.code}</div>
    </div>
  )
}
