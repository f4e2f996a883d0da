import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml'
import type { OpParams } from '../../../../shared/ops'
import { readProcessEntry } from '../../../../shared/recipe'

/** One operator of the chain being built. Disabled ones stay in the chain but not in the YAML. */
export interface ChainItem {
  /** Stable across edits, for React keys and drag and drop. */
  id: string
  name: string
  params: OpParams
  enabled: boolean
}

export interface YamlProblem {
  message: string
  line?: number
}

let nextId = 0
/** Ids of a chain restored from an earlier session (a reload) must not meet the ones this session makes. */
const SESSION = Math.random().toString(36).slice(2, 8)
export const newChainId = (): string => `op-${SESSION}-${++nextId}`

function parse(yaml: string): { doc: Document; problem: YamlProblem | null } {
  const counter = new LineCounter()
  const doc = parseDocument(yaml, { lineCounter: counter, prettyErrors: false })
  const error = doc.errors[0]
  if (error === undefined) return { doc, problem: null }
  const line = counter.linePos(error.pos[0]).line
  return { doc, problem: { message: error.message.split('\n')[0] ?? error.message, line } }
}

/** The process list of a recipe: each entry `- name:` or `- name: {param: value}`. */
function readProcess(doc: Document): { name: string; params: OpParams }[] | YamlProblem {
  const process = doc.get('process', true)
  if (process === undefined || process === null || (isScalar(process) && process.value === null)) return []
  if (!isSeq(process)) return { message: "'process' must be a list of operators" }
  const out: { name: string; params: OpParams }[] = []
  for (const item of process.items) {
    const entry = readProcessEntry(isMap(item) || isScalar(item) ? item.toJSON() : undefined)
    if ('problem' in entry) {
      if (entry.problem === 'not one operator')
        return { message: "each entry of 'process' must be one operator: '- name:' with its parameters below it" }
      return { message: `the parameters of ${entry.name} must be a mapping` }
    }
    out.push({ name: entry.name, params: entry.params as OpParams })
  }
  return out
}

/**
 * The chain a recipe's YAML describes. Operators keep their ids where the name at that place is
 * unchanged; disabled operators of the previous chain (absent from the YAML) are put back where they were.
 */
export function chainFromYaml(yaml: string, previous: ChainItem[] = []): { chain: ChainItem[] } | { problem: YamlProblem } {
  const { doc, problem } = parse(yaml)
  if (problem !== null) return { problem }
  if (doc.contents !== null && !isMap(doc.contents))
    return { problem: { message: 'a recipe must be a mapping of keys (project_name, dataset_path, process, …)', line: 1 } }
  const ops = readProcess(doc)
  if (!Array.isArray(ops)) return { problem: ops }
  const enabledBefore = previous.filter((p) => p.enabled)
  const chain: ChainItem[] = ops.map((op, i) => ({
    id: enabledBefore[i]?.name === op.name ? enabledBefore[i]!.id : newChainId(),
    name: op.name,
    params: op.params,
    enabled: true
  }))
  previous.forEach((item, index) => {
    if (!item.enabled) chain.splice(Math.min(index, chain.length), 0, item)
  })
  return { chain }
}

/** The YAML with its process list replaced by the enabled operators of the chain; other keys and their comments stay. */
export function yamlWithChain(yaml: string, chain: ChainItem[]): string {
  const { doc } = parse(yaml)
  if (doc.contents === null || !isMap(doc.contents)) return yaml
  const entries = chain.filter((c) => c.enabled).map((c) => ({ [c.name]: Object.keys(c.params).length > 0 ? c.params : null }))
  doc.set('process', doc.createNode(entries))
  return doc.toString({ lineWidth: 0 })
}

/** A setting of the recipe (e.g. ['export', 'compression']), or undefined when unset. */
export function readSetting(yaml: string, path: string[]): unknown {
  const { doc } = parse(yaml)
  const value = doc.getIn(path)
  return isScalar(value)
    ? value.value
    : value !== null && typeof value === 'object' && 'toJSON' in value
      ? (value as { toJSON(): unknown }).toJSON()
      : value
}

/** The YAML with one setting set, or removed (undefined) so the default applies. */
export function yamlWithSetting(yaml: string, path: string[], value: unknown): string {
  const { doc } = parse(yaml)
  if (doc.contents === null) doc.contents = doc.createNode({}) as Document['contents']
  if (!isMap(doc.contents)) return yaml
  if (value === undefined) {
    doc.deleteIn(path)
    const parent = path.length > 1 ? doc.getIn(path.slice(0, -1)) : undefined
    if (isMap(parent) && parent.items.length === 0) doc.deleteIn(path.slice(0, -1))
  } else doc.setIn(path, value)
  return doc.toString({ lineWidth: 0 })
}

/** The chain with `item` inserted at `index` (clamped to the ends). */
export function insertItem(chain: ChainItem[], item: ChainItem, index: number): ChainItem[] {
  const at = Math.max(0, Math.min(index, chain.length))
  return [...chain.slice(0, at), item, ...chain.slice(at)]
}

/** The chain with one item moved so that it lands before the item now at `toIndex` (chain.length: to the end). */
export function moveItem(chain: ChainItem[], id: string, toIndex: number): ChainItem[] {
  const from = chain.findIndex((c) => c.id === id)
  if (from < 0) return chain
  const rest = chain.filter((c) => c.id !== id)
  return insertItem(rest, chain[from]!, toIndex > from ? toIndex - 1 : toIndex)
}

/** The chain with a copy of one item (new id, same parameters) right after it. */
export function duplicateItem(chain: ChainItem[], id: string): { chain: ChainItem[]; copy: ChainItem | null } {
  const index = chain.findIndex((c) => c.id === id)
  if (index < 0) return { chain, copy: null }
  const original = chain[index]!
  const copy: ChainItem = { ...original, id: newChainId(), params: structuredClone(original.params) }
  return { chain: insertItem(chain, copy, index + 1), copy }
}

/** One item's parameter set to a value, or removed (undefined) so its default applies. */
export function withParam(chain: ChainItem[], id: string, name: string, value: OpParams[string] | undefined): ChainItem[] {
  return chain.map((c) => {
    if (c.id !== id) return c
    const params = { ...c.params }
    if (value === undefined) delete params[name]
    else params[name] = value
    return { ...c, params }
  })
}
