import type { RecordBatch } from 'apache-arrow'
import { Mapper, type OpOutput } from './base'
import { declareParams, defineOp } from './define'
import { registerOps } from './registry'

/**
 * Test-only: a mapper that throws on every text containing `marker` and upper-cases the others,
 * registered in the test process and in its test worker (testing-throw-worker.cjs), so skip_op_error
 * and batch_size are tested through a real job.
 */
const params = declareParams([{ name: 'marker', type: 'string', default: 'BOOM', description: 'Texts holding it make the operator throw.' }])

class ThrowingMapper extends Mapper<{ marker: string }> {
  /** The largest batch the operator was given, so a test sees batch_size honoured. */
  static largestBatch = 0

  protected override apply(batch: RecordBatch): OpOutput {
    ThrowingMapper.largestBatch = Math.max(ThrowingMapper.largestBatch, batch.numRows)
    return super.apply(batch)
  }

  protected processText(text: string): string {
    if (text.includes(this.params.marker)) throw new RangeError(`cannot take '${this.params.marker}'`)
    return text.toUpperCase()
  }
}

export const testingThrowMapper = defineOp({
  name: 'testing_throw_mapper',
  kind: 'mapper',
  description: 'Test-only: throws on texts holding a marker.',
  params,
  create: (info, values, context) => new ThrowingMapper(info, values, context)
})

export const largestBatch = (): number => ThrowingMapper.largestBatch

let registered = false
export function registerTestingThrowMapper(): void {
  if (!registered) registerOps([testingThrowMapper])
  registered = true
}
registerTestingThrowMapper()
