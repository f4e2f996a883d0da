import { declareParams, defineOp } from '../define'
import type { ShingleStyle } from '../shingle-bytes'
import { DocumentMinhashDeduplicator, minhashParams } from './document_minhash_deduplicator'

const RAY_ONLY = "a setting of Data-Juicer's distributed union-find on a Ray cluster: Sieve clusters on this machine"

const rayOnly = (name: string, type: 'int' | 'float' | 'string', value: number | string, description: string) =>
  ({ name, type, default: value, description: `${description}; ignored in Sieve.`, noEffect: RAY_ONLY }) as const

const params = declareParams([
  ...minhashParams,
  rayOnly('union_find_parallel_num', 'string', 'auto', "Union-find workers ('auto': half the cluster's CPUs)"),
  rayOnly('union_threshold', 'int', 256, 'Hashes per bucket before they are merged'),
  rayOnly('max_pending_edge_buffer_task', 'int', 20, 'Pending edge-buffer Ray tasks'),
  rayOnly('num_edge_buffer_task_returns', 'int', 10, 'Edge-buffer tasks ray.wait returns'),
  rayOnly('max_pending_filter_tasks', 'int', 20, 'Pending filter Ray tasks'),
  rayOnly('num_filter_task_returns', 'int', 10, 'Filter tasks ray.wait returns'),
  rayOnly('merge_batch_size', 'int', 1000, 'Batch size of the union-find merges'),
  rayOnly('minhash_batch_size', 'string', 'auto', "Rows per MinHash batch ('auto': 1024 on CPU)"),
  rayOnly('memory_per_sample', 'float', 0.1, 'MB per row, to size GPU batches'),
  rayOnly('start_id', 'int', 0, "First row id (ops.json lists it for this operator; it is its id generator's)")
])

/**
 * Data-Juicer's ray_bts_minhash_deduplicator (ops/deduplicator/ray_bts_minhash_deduplicator.py), run
 * as the local document_minhash_deduplicator (MinHash, LSH bands, rows sharing a band united, the
 * first of each cluster kept) with the Ray operator's own shingles: every window of window_size
 * tokens, the last one included, and words split on spaces without empty ones. Its cluster
 * settings have no meaning on one machine and are ignored.
 */
class RayBtsMinhashDeduplicator extends DocumentMinhashDeduplicator {
  protected override get shingleStyle(): ShingleStyle {
    return 'ray'
  }
}

export const rayBtsMinhashDeduplicator = defineOp({
  name: 'ray_bts_minhash_deduplicator',
  kind: 'deduplicator',
  description:
    "Data-Juicer's Ray near-duplicate remover, run on this machine as document_minhash_deduplicator: texts whose shingles are at least jaccard_threshold similar are clustered, the first of each kept.",
  params,
  create: (info, values, context) =>
    new RayBtsMinhashDeduplicator(
      info,
      {
        tokenization: values.tokenization,
        window_size: values.window_size,
        lowercase: values.lowercase,
        ignore_pattern: values.ignore_pattern,
        num_permutations: values.num_permutations,
        jaccard_threshold: values.jaccard_threshold,
        num_bands: values.num_bands,
        num_rows_per_band: values.num_rows_per_band,
        tokenizer_model: values.tokenizer_model
      },
      context
    )
})
