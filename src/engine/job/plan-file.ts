import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { SieveError } from '../../shared/errors'
import type { Plan } from './plan'

const count = z.number().int().nonnegative()

const sliceSchema = z.discriminatedUnion('kind', [
  z.looseObject({ kind: z.literal('bytes'), start: count, end: count, firstLine: count, rows: count }),
  z.looseObject({ kind: z.literal('records'), first: count, count, firstLine: count }),
  z.looseObject({ kind: z.literal('whole') }),
  z.looseObject({ kind: z.literal('rowGroups'), groups: z.array(count) }),
  z.looseObject({ kind: z.literal('parquetRows'), groups: z.array(count), offset: count, count }),
  z.looseObject({ kind: z.literal('arrowBatches'), first: count, count }),
  z.looseObject({ kind: z.literal('documents'), files: z.array(z.string()) })
])

const planSchema = z.looseObject({
  version: z.literal(1),
  created_at: z.string(),
  recipe_sha256: z.string(),
  inputs: z.array(
    z.looseObject({
      path: z.string(),
      format: z.enum(['jsonl', 'json', 'csv', 'tsv', 'parquet', 'arrow', 'text']),
      compression: z.enum(['none', 'gzip', 'zstd']),
      size: count,
      mtime_ms: z.number(),
      head_sha256: z.string(),
      tail_sha256: z.string(),
      header: z.array(z.string()).optional()
    })
  ),
  schema: z.string(),
  text_keys: z.array(z.string()),
  total_rows: count,
  partitions: z.array(z.looseObject({ id: count, input: count, slice: sliceSchema, rows: count, bytes: count })),
  stages: z.array(z.looseObject({ first: count, last: count, dedup: count.nullable() })),
  kind: z.literal('analysis').optional()
})

/** The plan a work directory was started with (metadata/dataset_mapping.json), checked before anything trusts it. */
export async function readPlan(path: string): Promise<Plan> {
  return parsePlan(path, await readFile(path, 'utf8'))
}

export function readPlanSync(path: string): Plan {
  return parsePlan(path, readFileSync(path, 'utf8'))
}

function parsePlan(path: string, text: string): Plan {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw damaged(path, `it is not valid JSON (${(err as Error).message})`)
  }
  const parsed = planSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw damaged(path, `${issue.path.length > 0 ? issue.path.join('.') : 'the file'}: ${issue.message}`)
  }
  return parsed.data
}

function damaged(path: string, why: string): SieveError {
  return new SieveError(
    'MALFORMED',
    `The job plan ${path} is damaged: ${why}. It cannot be resumed; start it again with 'sieve run RECIPE --force'.`,
    { path }
  )
}
