import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Recipe } from '../../shared/recipe'
import { publishText } from '../io/publish'
import { readDecisionIndex, type DropSlice } from '../dedup/decision-file'
import { SieveError } from '../../shared/errors'
import type { CheckpointRecord, PartitionMessage, PartitionTaskInput, StageStart } from '../task-types'
import type { EngineWorker } from '../worker-client'
import { textFields } from '../ops/common-params'
import { checkpointFiles, deltaChain } from './delta-checkpoint'
import type { JobState } from './job-state'
import { stageEntry } from './reconcile'
import type { Reporter } from './reporter'
import type { Failure, StageRun } from './scheduler'
import { checkpointMessage, checkpointRows } from './checkpoint-message'

export interface PartitionRunOptions {
  /** Saves the manifest (a partition's change); a failure also stops the job. */
  save: (partition?: number) => Promise<void>
  /** Stops the job: the manifest cannot be kept. */
  stopWith: (err: unknown) => void
  /** The job continues from its manifest: a partition's first attempt from a checkpoint is a resume. */
  resuming: boolean
}

/**
 * One partition's attempt at one stage: the task sent to a worker, what the worker reports on the
 * way (counts, files, checkpoints) recorded in the job's state and told as events, and what the
 * attempt's end (or failure) means for the partition.
 */
export class PartitionRunner {
  /** Where each partition's rows to drop lie in a dedup decision's file, by the decision's operator index. */
  private readonly decisions = new Map<number, DropSlice[]>()
  /** Per running partition, the operator that started and has not completed: the one a failure is blamed on. */
  private readonly currentOp = new Map<number, { index: number; name: string }>()

  constructor(
    private readonly recipe: Recipe,
    private readonly state: JobState,
    private readonly reporter: Reporter,
    private readonly options: PartitionRunOptions
  ) {}

  /** How the scheduler runs stage `stageIndex` of a partition. */
  stage(stageIndex: number): StageRun {
    return {
      attempt: (worker, id) => this.attempt(worker, id, stageIndex),
      attempts: (id) => this.state.partition(id).attempts,
      interrupted: (id) => this.state.attemptInterrupted(id),
      failed: (id, failure) => this.failed(id, failure)
    }
  }

  /** Reads a dedup decision made earlier (in this run or before), for the stages after it. */
  async loadDecision(opIndex: number): Promise<void> {
    const record = this.state.manifest.dedup[String(opIndex)]
    if (record === undefined || this.decisions.has(opIndex)) return
    const slices = await readDecisionIndex(join(this.state.dir.root, record.path), record.path)
    if (slices.length !== this.state.manifest.partitions.length) {
      throw new SieveError(
        'UNREADABLE',
        `${record.path} decides over ${slices.length} partitions, the job has ${this.state.manifest.partitions.length}`
      )
    }
    this.decisions.set(opIndex, slices)
  }

  /** Where a partition's current stage starts; past the first stage, the dedup decision's rows are dropped first. */
  private stageStart(id: number, stageIndex: number): StageStart {
    const { plan } = this.state
    const entry = stageEntry(plan, this.state.partition(id), id, stageIndex)
    const stage = plan.stages[stageIndex]!
    if (entry.kind === 'source' || entry.checkpoint.op_index >= stage.first) return entry
    const previous = entry.checkpoint.op_index
    const drop = this.decisions.get(previous)?.[id]
    if (drop === undefined) throw new Error(`partition ${id} reached stage ${stageIndex + 1} without the decision of operator ${previous}`)
    return { ...entry, drop }
  }

  private task(id: number, stageIndex: number, start: StageStart): PartitionTaskInput {
    const { plan, dir } = this.state
    const recipe = this.recipe
    const planned = plan.partitions[id]!
    const input = plan.inputs[planned.input]!
    return {
      workDir: dir.root,
      partition: id,
      source: {
        path: input.path,
        format: input.format,
        compression: input.compression,
        ...(input.header !== undefined ? { header: input.header } : {})
      },
      slice: planned.slice,
      schema: plan.schema,
      textKeys: textFields(recipe.text_keys, recipe.process),
      ops: recipe.process,
      customOperatorPaths: recipe.custom_operator_paths,
      stage: plan.stages[stageIndex]!,
      isFinalStage: stageIndex === plan.stages.length - 1,
      start,
      checkpoint: recipe.checkpoint,
      onBadRecord: recipe.on_bad_record,
      preserveIntermediate: recipe.preserve_intermediate_data,
      outcomes: this.state.partition(id).outcomes !== undefined,
      addSuffix: recipe.add_suffix,
      skipOpError: recipe.skip_op_error,
      trace: recipe.open_tracer ? { ops: recipe.op_list_to_trace, num: recipe.trace_num } : null,
      batchRows: recipe.performance.batch_size,
      result: {
        codec: recipe.export.format === 'parquet' ? recipe.export.compression : 'zstd',
        keepStats: recipe.keep_stats_in_res_ds,
        keepHashes: recipe.keep_hashes_in_res_ds
      }
    }
  }

  /** Starts an attempt; where its stage starts is decided first, and a failure to decide that fails the job, not the attempt. */
  private attempt(worker: EngineWorker, id: number, stageIndex: number): Promise<void> {
    const { plan } = this.state
    const stages = plan.stages.length
    this.state.attemptStarted(id)
    const p = this.state.partition(id)
    const start = this.stageStart(id, stageIndex)
    const started = Date.now()
    this.currentOp.delete(id)
    if (start.kind === 'checkpoint' && start.drop === undefined) {
      this.reporter.event('checkpoint_load', `partition ${id} resumes after ${start.checkpoint.op_name}`, {
        partition_id: id,
        checkpoint_path: start.checkpoint.path
      })
    }
    this.reporter.event(
      this.options.resuming && p.attempts === 1 && start.kind !== 'source' ? 'partition_resume' : 'partition_start',
      `partition ${id}, stage ${stageIndex + 1} of ${stages}`,
      {
        partition_id: id,
        input_rows: plan.partitions[id]!.rows,
        ...(p.attempts > 1 ? { retry_count: p.attempts - 1 } : {})
      }
    )
    return this.execute(worker, id, stageIndex, start, started)
  }

  private async execute(worker: EngineWorker, id: number, stageIndex: number, start: StageStart, started: number): Promise<void> {
    const p = this.state.partition(id)
    const stages = this.state.plan.stages.length
    // Messages are handled in order, and all of them before the task's own outcome.
    let handled: Promise<void> = Promise.resolve()
    try {
      const task = this.state.plan.kind === 'analysis' ? 'analyze' : 'partition'
      const out = await worker.run(task, this.task(id, stageIndex, start), `Partition ${id}`, (m) => {
        handled = handled.then(() => this.onMessage(id, m)).catch((err: unknown) => this.options.stopWith(err))
      })
      await handled
      if (start.kind === 'source' && out.badRecords > 0) {
        this.reporter.event(
          'bad_records',
          `partition ${id}: ${out.badRecords} bad record(s) quarantined in ${p.errors_file?.path ?? 'errors/'}`,
          { partition_id: id },
          'WARNING'
        )
      }
      this.state.attemptSucceeded(id, out.ops, Date.now() - started)
      this.reporter.stopped(id)
      if (out.boundary !== undefined) {
        this.state.stageCompleted(id, stageIndex, out.boundary)
        this.reporter.event(
          'checkpoint_save',
          `partition ${id} finished stage ${stageIndex + 1} of ${stages}: keys for ${out.boundary.op_name} saved`,
          {
            partition_id: id,
            operation_name: out.boundary.op_name,
            operation_idx: out.boundary.op_index,
            checkpoint_path: out.boundary.path,
            output_rows: out.boundary.rows,
            metadata: { stage_done: stageIndex + 1, stages }
          }
        )
      } else if (out.result !== undefined) {
        this.state.partitionCompleted(id, out.result)
        this.reporter.event('partition_complete', `partition ${id} done: ${out.result.rows} rows in ${out.result.path}`, {
          partition_id: id,
          output_rows: out.result.rows,
          output_path: out.result.path,
          duration: p.millis / 1000
        })
      }
      await this.options.save(id)
      this.reporter.progress()
    } catch (err) {
      await handled
      this.reporter.stopped(id)
      throw err
    }
  }

  private async failed(id: number, failure: Failure): Promise<void> {
    const p = this.state.partition(id)
    const { message, wouldFailAgain, retriesLeft, backoff } = failure
    const op = this.currentOp.get(id)
    this.currentOp.delete(id)
    const blame = op !== undefined ? { operation_name: op.name, operation_idx: op.index } : {}
    if (op !== undefined) {
      this.reporter.event(
        'op_failed',
        `${op.name} failed on partition ${id}: ${message}`,
        { partition_id: id, ...blame, error_message: message, retry_count: p.attempts - 1 },
        'ERROR'
      )
    }
    this.reporter.event(
      'partition_failed',
      `partition ${id} failed${op !== undefined ? ` in ${op.name}` : ''} (attempt ${p.attempts}${wouldFailAgain ? ', not retried: the same data and recipe fail the same way' : ''}): ${message}`,
      { partition_id: id, ...blame, error_message: message, retry_count: p.attempts - 1 },
      'ERROR'
    )
    if (retriesLeft <= 0) {
      this.state.partitionFailed(id, message)
      await this.options.save(id)
      this.reporter.progress(true)
      return
    }
    this.reporter.event(
      'partition_retry',
      `partition ${id} retries in ${backoff} ms (${retriesLeft} left)`,
      { partition_id: id, retry_count: p.attempts },
      'WARNING'
    )
    this.state.retryScheduled(id)
    await this.options.save(id)
  }

  private async onMessage(id: number, message: PartitionMessage): Promise<void> {
    const p = this.state.partition(id)
    switch (message.type) {
      case 'read':
        this.state.inputRead(id, message.rows, message.badRecords)
        return
      case 'progress':
        if (p.stage === 0) this.reporter.rowsRead(id, message.rows)
        this.reporter.progress()
        return
      case 'op_start':
        this.currentOp.set(id, { index: message.opIndex, name: message.name })
        this.reporter.event('op_start', `${message.name} on partition ${id}: ${message.rows} rows in`, {
          partition_id: id,
          operation_name: message.name,
          operation_idx: message.opIndex,
          input_rows: message.rows
        })
        return
      case 'op':
        this.currentOp.delete(id)
        this.state.opCounted(id, message.opIndex, message.count)
        this.reporter.event('op_complete', `${message.count.name} on partition ${id}: ${message.count.rows_in} → ${message.count.rows_out} rows`, {
          partition_id: id,
          operation_name: message.count.name,
          operation_idx: message.opIndex,
          input_rows: message.count.rows_in,
          output_rows: message.count.rows_out,
          duration: message.count.millis / 1000
        })
        return
      case 'published':
        this.state.filePublished(id, message.kind, message.record)
        await this.options.save(id)
        if (message.kind === 'op_errors') {
          this.reporter.event(
            'bad_records',
            `partition ${id}: ${message.record.rows} row(s) made an operator fail (skip_op_error); they are in ${message.record.path} with the error`,
            { partition_id: id },
            'WARNING'
          )
        }
        return
      case 'outcome': {
        const replaced = p.outcomes?.find((r) => r.op_index === message.record.op_index && r.path !== message.record.path)
        // Saved before the checkpoint after this filter is: a checkpoint a partition resumes from never lacks an outcome before it.
        this.state.outcomeRecorded(id, message.record)
        await this.options.save(id)
        // Another operator's at this index (a resume forced over a changed recipe) is no one's now.
        if (replaced !== undefined) await rm(join(this.state.dir.root, replaced.path), { force: true })
        return
      }
      case 'checkpoint': {
        this.state.checkpointRecorded(id, message.record, message.ops)
        const removed = this.checkpointsToTrim(id)
        this.state.checkpointsRemoved(id, removed)
        await this.options.save(id)
        await this.writeCheckpointMetadata(id)
        for (const r of removed) for (const f of checkpointFiles(r)) await rm(join(this.state.dir.root, f.path), { force: true })
        this.reporter.event('checkpoint_save', checkpointMessage(id, message.record, message.ops), {
          partition_id: id,
          operation_name: message.record.op_name,
          operation_idx: message.record.op_index,
          checkpoint_path: message.record.path,
          output_rows: checkpointRows(message.record, message.ops)
        })
      }
    }
  }

  /** With cleanup_old_checkpoints, keep the newest max_checkpoints_per_partition, and always the stage boundaries. */
  private checkpointsToTrim(id: number): CheckpointRecord[] {
    const cfg = this.recipe.checkpoint
    if (!cfg.cleanup_old_checkpoints) return []
    const { checkpoints } = this.state.partition(id)
    const boundaries = new Set(this.state.plan.stages.map((s) => s.dedup).filter((d): d is number => d !== null))
    const ordinary = checkpoints.filter((c) => !boundaries.has(c.op_index)).sort((a, b) => b.op_index - a.op_index)
    const kept = new Set(checkpoints.filter((c) => !ordinary.slice(cfg.max_checkpoints_per_partition).includes(c)))
    // A kept delta keeps the checkpoints it is read from.
    for (const c of [...kept]) for (const base of deltaChain(c, checkpoints) ?? []) kept.add(base)
    return checkpoints.filter((c) => !kept.has(c))
  }

  private async writeCheckpointMetadata(id: number): Promise<void> {
    const p = this.state.partition(id)
    const metadata = {
      partition_id: id,
      checkpoints: p.checkpoints.map(({ schema: _schema, ...c }) => ({ ...c, path: c.path.split('/').pop() })).sort((a, b) => a.op_index - b.op_index)
    }
    const dir = this.state.dir
    await publishText(dir.temp, dir.checkpointMetadata(id), `${JSON.stringify(metadata, null, 1)}\n`)
  }
}
