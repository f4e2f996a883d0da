import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { SieveError } from '../../shared/errors'
import type { StorageFormat } from '../../shared/recipe'

const pad = (n: number, width = 6): string => String(n).padStart(width, '0')

export function storageExtension(format: StorageFormat): string {
  return format === 'parquet' ? '.parquet' : format === 'arrow' ? '.arrow' : '.jsonl'
}

/** The work directory, laid out as Data-Juicer's guide lays it out (reference/001). */
export class WorkDir {
  constructor(readonly root: string) {}

  /** Refuses a folder no job was planned in; `notWorkDir` lets a caller open it as something else instead. */
  assertPlanned(): void {
    if (existsSync(this.mapping) && existsSync(this.recipe)) return
    throw new SieveError(
      'NOT_FOUND',
      `${this.root} is not a Sieve work directory (no metadata/dataset_mapping.json). Start a job with 'sieve run RECIPE'.`,
      {
        workDir: this.root,
        notWorkDir: true
      }
    )
  }

  get temp(): string {
    return join(this.root, 'temp')
  }
  get recipe(): string {
    return join(this.root, 'recipe.yaml')
  }
  get mapping(): string {
    return join(this.root, 'metadata', 'dataset_mapping.json')
  }
  get lock(): string {
    return join(this.root, 'metadata', 'job.lock')
  }
  get manifest(): string {
    return join(this.root, 'metadata', 'manifest.json')
  }
  get finalReport(): string {
    return join(this.root, 'metadata', 'final_mapping_report.json')
  }
  get logs(): string {
    return join(this.root, 'logs')
  }
  get events(): string {
    return join(this.root, 'logs', 'processing_events.jsonl')
  }
  get summary(): string {
    return join(this.root, 'logs', 'processing_summary.json')
  }
  get metrics(): string {
    return join(this.root, 'logs', 'performance_metrics.json')
  }
  checkpointDir(partition: number): string {
    return join(this.root, 'checkpoints', `partition_${pad(partition)}`)
  }
  checkpoint(partition: number, opIndex: number, opName: string, format: StorageFormat): string {
    return join(this.checkpointDir(partition), `op_${pad(opIndex, 3)}_${opName}${storageExtension(format)}`)
  }
  /** The sorted key runs of a deduplicator's boundary checkpoint, beside it. */
  keyRuns(partition: number, opIndex: number, opName: string): string {
    return join(this.checkpointDir(partition), `op_${pad(opIndex, 3)}_${opName}.keys`)
  }
  checkpointMetadata(partition: number): string {
    return join(this.checkpointDir(partition), 'metadata.json')
  }
  result(partition: number): string {
    return join(this.root, 'results', `partition_${pad(partition)}_processed.parquet`)
  }
  errors(partition: number): string {
    return join(this.root, 'errors', `partition_${pad(partition)}_bad_records.jsonl`)
  }
  /** Rows operator `opIndex` failed on (skip_op_error), with the error of each. */
  opErrors(partition: number, opIndex: number, opName: string): string {
    return join(this.root, 'errors', `partition_${pad(partition)}_op_${pad(opIndex, 3)}_${opName}.jsonl`)
  }
  /** Data-Juicer's tracer: rows operator `opIndex` changed (before and after) or dropped. */
  trace(partition: number, opIndex: number, opName: string): string {
    return join(this.root, 'trace', `partition_${pad(partition)}`, `op_${pad(opIndex, 3)}_${opName}.jsonl`)
  }
  /** Data-Juicer's tracer over the whole job: the first trace_num rows of the partitions' trace file `opFile`, in partition order. */
  jobTrace(opFile: string): string {
    return join(this.root, 'trace', opFile)
  }
  rejected(partition: number, opIndex: number, opName: string): string {
    return join(this.root, 'rejected', `partition_${pad(partition)}`, `op_${pad(opIndex, 3)}_${opName}.parquet`)
  }
  /** What filter `opIndex` kept and dropped in one partition: its stat on either side and examples (analysis/outcome-partial.ts). */
  outcome(partition: number, opIndex: number, opName: string): string {
    return join(this.root, 'outcomes', `partition_${pad(partition)}`, `op_${pad(opIndex, 3)}_${opName}.stats`)
  }
  /** Every filter's outcome merged (jobs/outcomes), and the page showing it. */
  get outcomesJson(): string {
    return join(this.root, 'outcomes.json')
  }
  get outcomesReport(): string {
    return join(this.root, 'outcomes.html')
  }
  /** An analysis's mergeable summary of one partition (analysis/partial.ts). */
  analysisPartial(partition: number): string {
    return join(this.root, 'partials', `partition_${pad(partition)}.stats`)
  }
  get analysisJson(): string {
    return join(this.root, 'analysis.json')
  }
  get analysisReport(): string {
    return join(this.root, 'report.html')
  }
  dedupDecision(opIndex: number): string {
    return join(this.root, 'metadata', `dedup_op_${pad(opIndex, 3)}_decision.bin`)
  }
}
