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
