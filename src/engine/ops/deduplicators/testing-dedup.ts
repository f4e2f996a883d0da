import { Field, Schema, Utf8 } from 'apache-arrow'
import { rowsToBatch } from '../../io/schema'
import type { OpDefinition } from '../define'
import type { Deduplicator } from '../global'
import { resolveParams } from '../registry'

const schema = new Schema([new Field('text', new Utf8(), true)])

/** A deduplicator set up as a recipe sets it up, as a function from texts to the positions of the rows it drops. */
export function duplicatesOf(def: OpDefinition, params: Record<string, unknown> = {}): (...texts: string[]) => number[] {
  return (...texts) => {
    const op = def.create(resolveParams(def.info, params), { textKey: 'text' }) as Deduplicator
    return op.droppedIn(
      rowsToBatch(
        texts.map((t) => [t]),
        schema
      )
    )
  }
}
