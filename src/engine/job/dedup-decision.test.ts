import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Field, Schema, Utf8 } from 'apache-arrow'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { scratchDir } from '../testing'
import { rowsToBatch } from '../io/schema'
import { getOpDefinition, resolveParams } from '../ops'
import type { Deduplicator } from '../ops/global'
import { DropSink } from '../dedup/drop-sink'
import { SpillingClusters } from '../dedup/spilling-clusters'
import { readDecisionIndex, readDropSlice } from '../dedup/decision-file'
import { decideDuplicates } from './dedup-task'
import { readManifest, type Manifest } from './manifest'
import { makeCorpus, parquetRows, recipeFrom, runToEnd } from './testing-jobs'

const scratch = scratchDir('dedup-decision')
afterAll(() => scratch.remove())
const corpus = (): string => makeCorpus(join(scratch.path, 'corpus.jsonl'), 1500, 3)

function texts(): string[] {
  return readFileSync(corpus(), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => (JSON.parse(l) as { text: string }).text)
}

/** The job's decision as positions over the whole input (the deduplicator is its first operator). */
async function decided(work: string, manifest: Manifest): Promise<number[]> {
  const record = Object.values(manifest.dedup)[0]!
  const slices = await readDecisionIndex(join(work, record.path), record.path)
  const out: number[] = []
  let base = 0
  for (const [id, slice] of slices.entries()) {
    for (const local of await readDropSlice(work, slice)) out.push(base + local)
    base += manifest.partitions[id]!.checkpoints.find((c) => c.keys !== undefined)!.rows
  }
  return out
}

const OPS = ['document_deduplicator', 'document_minhash_deduplicator', 'document_simhash_deduplicator']

describe('the dedup decision from key runs, in a job', () => {
  it.each(OPS)(
    '%s: np 1 and np 2 decide the same rows as the whole input in memory, and a tiny budget that spills positions and union-find writes the same decision file',
    async (name) => {
      const def = getOpDefinition(name)
      const op = def.create(resolveParams(def.info, {}), { textKey: 'text' }) as Deduplicator
      const all = texts()
      const inMemory = op.droppedIn(
        rowsToBatch(
          all.map((t) => [t]),
          new Schema([new Field('text', new Utf8(), true)])
        )
      )
      expect(inMemory.length).toBeGreaterThan(20)
      const exports: Record<string, unknown>[][] = []
      for (const [np, size] of [
        [1, 1500],
        [2, 250]
      ] as const) {
        const dir = join(scratch.path, `${name}-np${np}`)
        const recipe = recipeFrom(
          `dataset_path: ${corpus()}\nexport_path: ${dir}/out.parquet\nwork_dir: ${dir}/work\nnp: ${np}\npartition_size: ${size}\npreserve_intermediate_data: true\nprocess:\n  - ${name}:\n`,
          scratch.path
        )
        const { outcome } = await runToEnd(recipe)
        expect(outcome.status).toBe('completed')
        const manifest = (await readManifest(join(recipe.work_dir, 'metadata', 'manifest.json')))!
        expect(manifest.partitions.length).toBe(Math.ceil(1500 / size))
        expect(await decided(recipe.work_dir, manifest)).toEqual(inMemory)
        exports.push(await parquetRows(recipe.export_path))

        // The same decision with a budget so small that positions spill, over the same key runs.
        const record = Object.values(manifest.dedup)[0]!
        const spill = vi.spyOn(DropSink.prototype as unknown as { spill: () => void }, 'spill')
        const clusterSpill = vi.spyOn(SpillingClusters.prototype as unknown as { spill: () => void }, 'spill')
        const clusterRound = vi.spyOn(SpillingClusters.prototype as unknown as { round: () => boolean }, 'round')
        const boundaries = manifest.partitions.map((p, partition) => ({ partition, checkpoint: p.checkpoints.find((c) => c.op_index === 0)! }))
        const task = { workDir: recipe.work_dir, opIndex: 0, op: recipe.process[0]!, textKey: 'text', boundaries, budgetBytes: 256 }
        const clustered = name !== 'document_deduplicator'
        if (clustered) {
          // Failed after the union-find's first round over its spilled runs: no file left, and a second try decides the same.
          process.env.SIEVE_FAILPOINTS = JSON.stringify([
            { op: 'dedup_clusters', partition: 1, times: 1, mode: 'throw', state_dir: join(dir, 'failpoints') }
          ])
          await expect(decideDuplicates(task).finally(() => delete process.env.SIEVE_FAILPOINTS)).rejects.toThrow(
            'injected failure in dedup_clusters on partition 1'
          )
          expect(readdirSync(join(recipe.work_dir, 'temp'))).toEqual([])
        }
        const again = await decideDuplicates(task)
        expect(spill.mock.calls.length).toBeGreaterThan(1)
        // The union-find spills too (MinHash's bands, SimHash's blocks), and merges its runs in rounds.
        if (clustered) {
          expect(clusterSpill.mock.calls.length).toBeGreaterThan(10)
          expect(clusterRound.mock.calls.length).toBeGreaterThan(1)
        } else expect(clusterSpill).not.toHaveBeenCalled()
        spill.mockRestore()
        clusterSpill.mockRestore()
        clusterRound.mockRestore()
        expect(again).toEqual(record)
        expect(readdirSync(join(recipe.work_dir, 'temp'))).toEqual([])
      }
      expect(exports[1]).toEqual(exports[0])
      expect(exports[0]!.length).toBe(1500 - inMemory.length)
    },
    120_000
  )
})
