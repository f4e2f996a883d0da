import { Field, Schema, Utf8 } from 'apache-arrow'
import { rowsToBatch } from '../../io/schema'
import { readStrings } from '../batch'
import type { Mapper } from '../base'
import type { OpDefinition } from '../define'
import { resolveParams } from '../registry'

const schema = new Schema([new Field('text', new Utf8(), true)])

/** A mapper set up as a recipe would set it up, as a function from texts to the texts it writes. */
export function mapperRunner(def: OpDefinition<Mapper>, params: Record<string, unknown> = {}): (...texts: string[]) => string[] {
  const mapper = def.create(resolveParams(def.info, params), { textKey: 'text' })
  return (...texts) =>
    readStrings(
      mapper.process(
        rowsToBatch(
          texts.map((t) => [t]),
          schema
        )
      ).batch,
      'text'
    ).map((t) => t ?? '')
}
