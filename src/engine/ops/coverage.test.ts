import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { opsCoverage } from './coverage'
import { listOps } from '.'

const OPS_JSON = new URL('../../../../shared/reference/data-juicer/ops.json', import.meta.url)

describe("Sieve's operators against Data-Juicer's", () => {
  const coverage = opsCoverage()

  it("lists every operator of Data-Juicer's ops.json once, by kind, with Sieve's present", () => {
    const reference = JSON.parse(readFileSync(OPS_JSON, 'utf8')) as { commit: string; ops: Record<string, { kind: string }> }
    expect(coverage.data_juicer_commit).toBe(reference.commit)
    expect(coverage.ops.map((o) => [o.name, o.kind]).sort()).toEqual(
      Object.entries(reference.ops)
        .map(([name, op]) => [name, op.kind])
        .sort()
    )
    const sieve = new Set(listOps().map((o) => o.name))
    for (const op of coverage.ops) expect(op.in_sieve).toBe(sieve.has(op.name))
    expect(coverage.in_sieve).toBe(coverage.ops.filter((o) => o.in_sieve).length)
    expect(coverage.kinds.reduce((n, k) => n + k.total, 0)).toBe(coverage.total)
    expect(coverage.kinds.find((k) => k.kind === 'selector')).toEqual({
      kind: 'selector',
      total: 5,
      in_sieve: coverage.ops.filter((o) => o.kind === 'selector' && o.in_sieve).length
    })
    expect(coverage.sieve_only).toEqual([])
  })

  it('says why each missing operator is missing', () => {
    const why = new Map(coverage.ops.filter((o) => !o.in_sieve).map((o) => [o.name, o.missing_because]))
    expect(why.get('image_blur_mapper')).toBe('multimodal (images, video or audio)')
    expect(why.get('extract_keyword_mapper')).toBe('needs an LLM (an API or a Hugging Face model)')
    expect(why.get('query_topic_detection_mapper')).toBe('needs a model (hf_model)')
    expect(why.get('text_action_filter')).toMatch(/spaCy/)
    for (const reason of why.values()) expect(reason).toBeTruthy()
    expect(why.has('remove_header_mapper')).toBe(false)
    expect(coverage.ops.find((o) => o.name === 'ray_bts_minhash_deduplicator')).toEqual({
      name: 'ray_bts_minhash_deduplicator',
      kind: 'deduplicator',
      in_sieve: true,
      params_not_in_sieve: []
    })
  })

  it('names the Data-Juicer parameters a Sieve operator lacks, and none of the operators Sieve has lacks one', () => {
    for (const op of coverage.ops.filter((o) => o.in_sieve)) expect([op.name, op.params_not_in_sieve]).toEqual([op.name, []])
  })
})
