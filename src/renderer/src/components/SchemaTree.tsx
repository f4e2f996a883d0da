import type { SchemaNode } from '../../../shared/parquet'

function Node({ node }: { node: SchemaNode }): React.JSX.Element {
  const type = [node.physicalType, node.logicalType].filter(Boolean).join(' · ')
  return (
    <li role="treeitem" aria-expanded={node.children.length > 0 ? true : undefined}>
      <span className="mono schema-name">{node.name}</span> <span className="muted small mono">{type || 'group'}</span>{' '}
      <span className={`rep ${node.repetition.toLowerCase()}`}>{node.repetition.toLowerCase()}</span>
      {node.children.length > 0 && (
        <ul role="group">
          {node.children.map((c, i) => (
            <Node key={`${c.name}-${i}`} node={c} />
          ))}
        </ul>
      )}
    </li>
  )
}

/** The Parquet schema as a tree: groups (structs, lists, maps) with their leaves, types and repetition. */
export function SchemaTree({ root }: { root: SchemaNode }): React.JSX.Element {
  return (
    <ul className="schema-tree" role="tree" aria-label="Schema">
      {root.children.map((c, i) => (
        <Node key={`${c.name}-${i}`} node={c} />
      ))}
    </ul>
  )
}
