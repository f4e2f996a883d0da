import type { MetadataEntry } from '../../../shared/parquet'

/** Key-value metadata; the Arrow schema and JSON values (Hugging Face's `huggingface`) shown decoded. */
export function MetadataList({ entries }: { entries: MetadataEntry[] }): React.JSX.Element {
  if (entries.length === 0) return <p className="muted">This file has no key-value metadata.</p>
  return (
    <div className="metadata">
      {entries.map((e) => (
        <details key={e.key} open={e.decoded !== undefined}>
          <summary className="mono">{e.key}</summary>
          {e.decoded?.kind === 'arrow-schema' && (
            <table className="columns" aria-label={`${e.key} decoded`}>
              <tbody>
                {e.decoded.fields.map((f) => (
                  <tr key={f.name}>
                    <td className="mono">{f.name}</td>
                    <td className="mono small">{f.type}</td>
                    <td className="muted small">{f.nullable ? 'nullable' : 'not null'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {e.decoded?.kind === 'json' && <pre className="json">{e.decoded.text}</pre>}
          {e.decoded === undefined && <pre className="json">{e.value}</pre>}
        </details>
      ))}
    </div>
  )
}
