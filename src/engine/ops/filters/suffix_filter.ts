import type { RecordBatch } from 'apache-arrow'
import { declareParams, defineOp, type ParamValues } from '../define'
import { Filter, type OpOutput } from '../base'
import { selectRows } from '../batch'
import { fieldValues } from '../fields'

/** Data-Juicer's suffix field: the extension of the file a row came from, when loaded with add_suffix. */
export const SUFFIX_FIELD = '__dj__suffix__'

const params = declareParams([
  { name: 'suffixes', type: 'string_list', default: [], description: 'Suffixes to keep, such as .jsonl; empty keeps every row.' }
])
type Params = ParamValues<typeof params>

/**
 * Data-Juicer's suffix_filter: keeps rows whose source-file suffix (the `__dj__suffix__` field,
 * e.g. `.jsonl`) is one of `suffixes`; with no suffixes every row is kept. A dataset without that
 * field gets a clear error naming it.
 */
class SuffixFilter extends Filter<Params> {
  private readonly suffixes = new Set(this.params.suffixes)

  protected apply(batch: RecordBatch, keepRejected: boolean): OpOutput {
    if (this.suffixes.size === 0) return { batch }
    const values = fieldValues(batch, SUFFIX_FIELD, this.name)
    const keep = Uint8Array.from(values, (v) => (typeof v === 'string' && this.suffixes.has(v) ? 1 : 0))
    const kept = selectRows(batch, keep)
    if (!keepRejected) return { batch: kept }
    const rejected = selectRows(
      batch,
      keep.map((k) => 1 - k)
    )
    return { batch: kept, rejected: { batch: rejected, reasons: new Array<string>(rejected.numRows).fill('suffix not in suffixes') } }
  }
}

export const suffixFilter = defineOp({
  name: 'suffix_filter',
  kind: 'filter',
  description: 'Keeps rows whose source file suffix (the __dj__suffix__ field, such as .jsonl) is one of the given suffixes.',
  params,
  create: (info, values, context) => new SuffixFilter(info, values, context)
})
