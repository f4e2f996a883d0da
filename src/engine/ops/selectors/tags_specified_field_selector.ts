import type { RecordBatch } from 'apache-arrow'
import { SieveError } from '../../../shared/errors'
import type { OpInfo } from '../../../shared/ops'
import type { OpContext } from '../base'
import { declareParams, defineOp, type ParamValues } from '../define'
import { fieldValues } from '../fields'
import { Selector, type GlobalDecision } from '../global'
import { dropAllBut, scalarKey } from './field-key'

const params = declareParams([
  { name: 'field_key', type: 'string', default: '', description: 'The field to look at; dots reach into nested fields. Empty keeps every row.' },
  { name: 'target_tags', type: 'string_list', default: null, description: 'The values to keep (case-sensitive); required.' }
])
type Params = ParamValues<typeof params>

/**
 * Data-Juicer's tags_specified_field_selector (ops/selector/tags_specified_field_selector.py): keeps
 * the rows whose field is a string equal to one of target_tags (a number never equals a tag, as
 * in Python). As in Data-Juicer, a dataset of one row, or an empty field_key, is kept whole.
 * Data-Juicer fails without target_tags; Sieve says so when the recipe is checked, unless field_key
 * is empty too (the operator as the palette adds it, which keeps every row).
 */
class TagsSpecifiedFieldSelector extends Selector<Params> {
  private readonly field = this.params.field_key
  private readonly tags = new Set((this.params.target_tags ?? []).map((t) => `s:${t}`))

  constructor(info: OpInfo, values: Params, context: OpContext) {
    super(info, values, context)
    if (values.target_tags === null && values.field_key !== '') {
      throw new SieveError('BAD_REQUEST', `${info.name}: set 'target_tags', the values of '${values.field_key}' whose rows to keep.`, {
        op: info.name,
        param: 'target_tags'
      })
    }
  }

  protected withKeys(batch: RecordBatch): RecordBatch {
    if (this.field === '') return super.withKeys(batch)
    const keys = fieldValues(batch, this.field, this.name).map((v) => (this.tags.has(scalarKey(this.name, this.field, v)) ? '1' : ''))
    return this.keyColumn(batch, keys)
  }

  decision(): GlobalDecision {
    const kept: number[] = []
    const field = this.field
    return {
      add(keys) {
        for (const k of keys) kept.push(k === '1' ? 1 : 0)
      },
      finish() {
        if (kept.length <= 1 || field === '') return []
        return dropAllBut(kept.length, Uint8Array.from(kept))
      }
    }
  }
}

export const tagsSpecifiedFieldSelector = defineOp({
  name: 'tags_specified_field_selector',
  kind: 'selector',
  description: 'Keeps the rows whose field (e.g. meta.sentiment; dots reach into nested fields) is one of the target tags.',
  params,
  create: (info, values, context) => new TagsSpecifiedFieldSelector(info, values, context)
})
