import { conformRecord, inferRecordSchema, rowsToBatch } from '../../io/schema'
import { readStrings } from '../batch'
import type { OpDefinition } from '../define'
import { KEY_COLUMN, type Selector } from '../global'
import { resolveParams } from '../registry'

/**
 * A selector set up as a recipe sets it up, run over records split into batches of `batchRows`
 * (as partitions would feed it): the texts of the rows it keeps, in input order.
 */
export function selectedTexts(def: OpDefinition, params: Record<string, unknown>, records: Record<string, unknown>[], batchRows = 3): string[] {
  const op = def.create(resolveParams(def.info, params), { textKey: 'text' }) as Selector
  const schema = inferRecordSchema(records, ['text'])
  const decision = op.decision(records.length)
  for (let start = 0; start < records.length; start += batchRows) {
    const rows = records.slice(start, start + batchRows).map((r) => {
      const conformed = conformRecord(r, schema, ['text'])
      if ('reason' in conformed) throw new Error(conformed.reason)
      return conformed.row
    })
    decision.add(readStrings(op.computeKeys(rowsToBatch(rows, schema)), KEY_COLUMN))
  }
  const dropped = new Set<number>()
  for (const chunk of decision.finish()) for (const i of chunk) dropped.add(i)
  return records.filter((_, i) => !dropped.has(i)).map((r) => r.text as string)
}
