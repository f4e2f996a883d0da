import { RANGE_MODE_PARAMS } from '../../shared/ops'
import { readProcessEntry } from '../../shared/recipe'
import { getOpDefinition } from '../ops'

/**
 * Notes on the operator parameters a recipe sets that Sieve accepts for Data-Juicer's sake but that
 * have no effect here (declared with `noEffect`, e.g. a Ray deduplicator's cluster settings), each
 * named once however many operators set it. Runs on a recipe already validated.
 */
export function ignoredParamNotes(process: unknown): string[] {
  const named = new Set<string>()
  const notes: string[] = []
  for (const raw of Array.isArray(process) ? process : []) {
    const entry = readProcessEntry(raw)
    if ('problem' in entry) continue
    const specs = getOpDefinition(entry.name).info.params
    for (const key of Object.keys(entry.params ?? {})) {
      const reason = specs.find((p) => p.name === key)?.noEffect
      const name = `${entry.name}.${key}`
      if (reason === undefined || named.has(name)) continue
      named.add(name)
      notes.push(`'${name}' has no effect in Sieve (${reason}); it is kept in the recipe and ignored.`)
    }
  }
  return notes
}

/**
 * Notes on the range arguments (min_closed_interval, max_closed_interval, reversed_range) set on an
 * operator that has no thresholds to read them: Data-Juicer's counterpart ignores them, and so does Sieve.
 */
export function rangeModeNotes(process: unknown): string[] {
  const notes = new Map<string, string>()
  for (const raw of Array.isArray(process) ? process : []) {
    const entry = readProcessEntry(raw)
    if ('problem' in entry || getOpDefinition(entry.name).info.thresholds !== undefined) continue
    const set = RANGE_MODE_PARAMS.filter((key) => key in (entry.params ?? {}))
    if (set.length === 0 || notes.has(entry.name)) continue
    notes.set(
      entry.name,
      `${entry.name} ignores ${set.join(', ')}: it keeps rows by no min/max range (Data-Juicer's ${entry.name} ignores ${set.length === 1 ? 'it' : 'them'} too).`
    )
  }
  return [...notes.values()]
}
