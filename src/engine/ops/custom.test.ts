import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { Field, Schema, Utf8 } from 'apache-arrow'
import { rowsToBatch } from '../io/schema'
import { readStat, readStrings } from './batch'
import { activateCustomOps, customModuleHashes, loadCustomOps, loadUsableCustomOps } from './custom'
import { getOpDefinition, listOps, resolveParams } from '.'
import { scratchDir } from '../testing'

const SAMPLES = resolve(__dirname, '../../../resources/custom-ops')
const scratch = scratchDir('custom-ops')
afterAll(() => {
  activateCustomOps([])
  scratch.remove()
})

let counter = 0
/** A module file written to the scratch folder, under a name of its own. */
function moduleFile(source: string, name = `op${++counter}.mjs`): string {
  const path = join(scratch.path, name)
  writeFileSync(path, source)
  return path
}

const schema = new Schema([new Field('text', new Utf8(), true)])
const batchOf = (...texts: string[]): ReturnType<typeof rowsToBatch> =>
  rowsToBatch(
    texts.map((t) => [t]),
    schema
  )

beforeEach(() => activateCustomOps([]))

describe('custom operators', () => {
  it('loads the sample mapper and filter, which then run as built-ins do', async () => {
    const defs = await loadCustomOps([SAMPLES])
    expect(defs.map((d) => d.info.name)).toEqual(['digit_ratio_filter', 'strip_signature_mapper', 'uppercase_ratio_filter'])
    expect(listOps().find((op) => op.name === 'uppercase_ratio_filter')).toMatchObject({
      kind: 'filter',
      statsKey: 'uppercase_ratio',
      thresholds: { min: 'min_ratio', max: 'max_ratio' },
      source: join(SAMPLES, 'uppercase_ratio_filter.mjs')
    })
    const mapperDef = getOpDefinition('strip_signature_mapper')
    const mapper = mapperDef.create(resolveParams(mapperDef.info, {}), { textKey: 'text' })
    const mapped = mapper.process(batchOf('Hello\nthere\n-- \nBob\nbob@example.com', 'no signature\n--'))
    expect(readStrings(mapped.batch, 'text')).toEqual(['Hello\nthere', 'no signature\n--'])

    const filterDef = getOpDefinition('uppercase_ratio_filter')
    const filter = filterDef.create(resolveParams(filterDef.info, { max_ratio: 0.4 }), { textKey: 'text' })
    const out = filter.process(batchOf('Quiet text', 'SHOUTING TEXT', 'Half HALF'), true)
    expect(readStrings(out.batch, 'text')).toEqual(['Quiet text'])
    expect(readStat(out.batch, 'uppercase_ratio')).toEqual([1 / 9])
    expect(out.rejected?.reasons).toEqual(['uppercase_ratio 1 > max_ratio 0.4', 'uppercase_ratio 0.625 > max_ratio 0.4'])
  })

  it('checks the declared parameters as a built-in’s are checked', async () => {
    await loadCustomOps([join(SAMPLES, 'uppercase_ratio_filter.mjs')])
    const info = getOpDefinition('uppercase_ratio_filter').info
    expect(() => resolveParams(info, { max_ratio: 2 })).toThrow("uppercase_ratio_filter: parameter 'max_ratio' must be at most 1, got 2.")
    expect(() => resolveParams(info, { max_ratoi: 0.2 })).toThrow("uppercase_ratio_filter has no parameter 'max_ratoi'. Did you mean 'max_ratio'?")
    expect(() => resolveParams(info, { min_ratio: 0.9, max_ratio: 0.1 })).toThrow('min_ratio (0.9) is above max_ratio (0.1)')
  })

  it('a recipe sees only its own custom operators', async () => {
    await loadCustomOps([SAMPLES])
    activateCustomOps([])
    expect(() => getOpDefinition('strip_signature_mapper')).toThrow("Unknown operator 'strip_signature_mapper'")
    expect(() => activateCustomOps([join(scratch.path, 'other.mjs')])).toThrow('were not loaded')
  })

  it('loads a CommonJS module and a module returning several operators', async () => {
    const path = moduleFile(
      `module.exports = ({ defineOp, Mapper }) => {
        class Upper extends Mapper { processText(t) { return t.toUpperCase() } }
        class Lower extends Mapper { processText(t) { return t.toLowerCase() } }
        const op = (name, C) => defineOp({ name, kind: 'mapper', description: name, params: [], create: (i, p, c) => new C(i, p, c) })
        return [op('upper_mapper', Upper), op('lower_mapper', Lower)]
      }`,
      'case.cjs'
    )
    const defs = await loadCustomOps([path])
    expect(defs.map((d) => d.info.name)).toEqual(['upper_mapper', 'lower_mapper'])
    const upper = getOpDefinition('upper_mapper')
    expect(readStrings(upper.create({}, { textKey: 'text' }).process(batchOf('aB')).batch, 'text')).toEqual(['AB'])
  })

  it('loads an edited module afresh, and notices the edit in its hash', async () => {
    const path = moduleFile(`export default ({ defineOp, Mapper }) => defineOp({ name: 'tag_mapper', kind: 'mapper', description: 'v1', params: [],
      create: (i, p, c) => new (class extends Mapper { processText(t) { return 'v1:' + t } })(i, p, c) })`)
    const [before] = await customModuleHashes([path])
    await loadCustomOps([path])
    expect(getOpDefinition('tag_mapper').info.description).toBe('v1')
    writeFileSync(
      path,
      `export default ({ defineOp, Mapper }) => defineOp({ name: 'tag_mapper', kind: 'mapper', description: 'v2', params: [],
      create: (i, p, c) => new (class extends Mapper { processText(t) { return 'v2:' + t } })(i, p, c) })`
    )
    const [after] = await customModuleHashes([path])
    expect(after!.sha256).not.toBe(before!.sha256)
    await loadCustomOps([path])
    const def = getOpDefinition('tag_mapper')
    expect(readStrings(def.create({}, { textKey: 'text' }).process(batchOf('x')).batch, 'text')).toEqual(['v2:x'])
  })
})

describe('a broken custom module is refused with one error naming it', () => {
  const refusal = async (paths: string[]): Promise<string> => {
    const err = (await loadCustomOps(paths).then(
      () => undefined,
      (e: unknown) => e
    )) as { code?: string; message?: string } | undefined
    expect(err?.code).toBe('BAD_REQUEST')
    return err!.message!
  }

  it('loads a TypeScript module, which may import its helper as TypeScript writes it; a folder skips declaration files', async () => {
    const folder = join(scratch.path, 'typed')
    mkdirSync(folder)
    writeFileSync(join(folder, 'shares.ts'), 'export const share = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole)\n')
    writeFileSync(join(folder, 'types.d.ts'), 'export interface Building { defineOp(d: object): unknown }\n')
    writeFileSync(
      join(folder, 'vowel_share_filter.mts'),
      `import type { Building } from './types'
import { share } from './shares.js'
enum Stat { Key = 'vowel_share' }
export default ({ defineOp, RangeFilter }: Building & { RangeFilter: abstract new (...a: unknown[]) => object }) => {
  class VowelShareFilter extends RangeFilter {
    readonly statKind = 'float'
    computeStat(text: string): number {
      return share((text.match(/[aeiou]/g) ?? []).length, text.length)
    }
  }
  return defineOp({ name: 'vowel_share_filter', kind: 'filter', description: 'vowels', statsKey: Stat.Key,
    params: [{ name: 'min_ratio', type: 'float', default: 0.3, description: 'lowest' }, { name: 'max_ratio', type: 'float', default: 1, description: 'highest' }],
    create: (i: unknown, p: unknown, c: unknown) => new VowelShareFilter(i, p, c) })
}
`
    )
    const typed = join(folder, 'vowel_share_filter.mts')
    // shares.ts is a module of the folder too; it defines no operator, which is refused naming it.
    expect(await refusal([folder])).toMatch(new RegExp(`^Custom operator module ${join(folder, 'shares.ts')} must export a function`))
    expect((await loadCustomOps([typed])).map((d) => d.info)).toMatchObject([{ name: 'vowel_share_filter', source: typed }])
    const def = getOpDefinition('vowel_share_filter')
    const out = def.create(resolveParams(def.info, {}), { textKey: 'text' }).process(batchOf('aeiou', 'rhythm'), true)
    expect(readStrings(out.batch, 'text')).toEqual(['aeiou'])
    expect(readStat(out.batch, 'vowel_share')).toEqual([1])
  })

  it('a broken module leaves the others of a listing usable, and refuses the recipe', async () => {
    const broken = moduleFile('export default 42')
    const listed = await loadUsableCustomOps([SAMPLES, broken, join(scratch.path, 'absent.mjs')])
    expect(listed.definitions.map((d) => d.info.name)).toEqual(['digit_ratio_filter', 'strip_signature_mapper', 'uppercase_ratio_filter'])
    expect(listed.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(new RegExp(`^Custom operator module ${broken} must export a function`)),
      expect.stringMatching(/absent\.mjs does not exist/)
    ])
    expect(listOps().some((op) => op.name === 'digit_ratio_filter')).toBe(true)
    expect(await refusal([SAMPLES, broken])).toMatch(new RegExp(`^Custom operator module ${broken} must export a function`))
  })

  it('a missing file, a folder without modules, a CommonJS or TSX TypeScript file, another kind of file', async () => {
    const missing = join(scratch.path, 'nowhere.mjs')
    expect(await refusal([missing])).toBe(
      `Custom operator module ${missing} does not exist. Check custom_operator_paths (a relative path is taken from the recipe’s folder).`
    )
    const empty = join(scratch.path, 'empty')
    mkdirSync(empty)
    writeFileSync(join(empty, 'notes.txt'), 'x')
    writeFileSync(join(empty, 'types.d.ts'), 'export type X = number')
    expect(await refusal([empty])).toBe(`Custom operator module ${empty} is a folder with no .mjs, .js, .cjs, .ts or .mts module in it.`)
    const cts = moduleFile('module.exports = 1', 'typed_op.cts')
    expect(await refusal([cts])).toBe(
      `Custom operator module ${cts} is a CommonJS TypeScript module: Sieve loads TypeScript as ES modules. Rename it to .ts or .mts (and use export default).`
    )
    expect(await refusal([moduleFile('x', 'op.tsx')])).toMatch(/is a TSX TypeScript module/)
    expect(await refusal([moduleFile('x', 'op.py')])).toMatch(/is not a JavaScript or TypeScript module: list .mjs, .js, .cjs, .ts or .mts files/)
  })

  it('a syntax error (Node’s own message: the CLI test; here the test runner loads the module)', async () => {
    const path = moduleFile('export default ({ defineOp }) => {\n  return defineOp({ name: \n}\n')
    expect(await refusal([path])).toMatch(new RegExp(`^Custom operator module ${path} could not be loaded: \\w*Error: .*syntax`))
  })

  it('a module that throws when imported, or when called', async () => {
    const onImport = moduleFile("throw new Error('no config file')\nexport default () => {}")
    expect(await refusal([onImport])).toBe(`Custom operator module ${onImport} could not be loaded: Error: no config file`)
    const onCall = moduleFile("export default () => { throw new TypeError('bad setup') }")
    expect(await refusal([onCall])).toBe(`Custom operator module ${onCall} failed when Sieve called its default export: TypeError: bad setup`)
  })

  it('a module that exports nothing valid', async () => {
    const noDefault = moduleFile('export const op = 1')
    expect(await refusal([noDefault])).toMatch(/must export a function as its default export: .* Its default export is missing\.$/)
    const handMade = moduleFile("export default () => ({ info: { name: 'x', kind: 'mapper' }, create() {} })")
    expect(await refusal([handMade])).toBe(
      `Custom operator module ${handMade} must return defineOp({ … }) (or a list of them), made with the defineOp Sieve passes to its default export.`
    )
  })

  it('a declaration Sieve cannot use', async () => {
    const declared = (declaration: string): string =>
      moduleFile(`export default ({ defineOp, Mapper }) => defineOp({ name: 'my_mapper', kind: 'mapper', description: '', params: [],
        create: (i, p, c) => new (class extends Mapper { processText(t) { return t } })(i, p, c), ${declaration} })`)
    expect(await refusal([declared("name: 'My Mapper'")])).toMatch(
      /failed when Sieve called its default export: Error: defineOp: 'name' must be lower-case letters, digits and _, starting with a letter$/
    )
    expect(await refusal([declared("kind: 'deduplicator'")])).toMatch(
      /'kind' must be mapper or filter \(custom deduplicators and selectors are not supported\)$/
    )
    expect(await refusal([declared("params: [{ name: 'n', type: 'int', default: 'ten', description: '' }]")])).toMatch(
      /defineOp: parameter 'n': its default must be an integer, got "ten"$/
    )
    expect(await refusal([declared("params: [{ name: 'mode', type: 'enum', default: 'a', description: '' }]")])).toMatch(
      /'params.0.choices' an enum parameter needs its choices$/
    )
    expect(await refusal([declared('models: () => []')])).toMatch(/defineOp: Unrecognized key: "models"$/)
  })

  it('an operator named as a built-in or as another module’s', async () => {
    const clash =
      moduleFile(`export default ({ defineOp, Mapper }) => defineOp({ name: 'clean_email_mapper', kind: 'mapper', description: '', params: [],
      create: (i, p, c) => new (class extends Mapper { processText(t) { return t } })(i, p, c) })`)
    expect(await refusal([clash])).toBe(
      `Custom operator module ${clash} defines 'clean_email_mapper', which is the name of a Sieve operator. Give the custom operator another name.`
    )
    const copy = moduleFile(`export { default } from ${JSON.stringify(join(SAMPLES, 'strip_signature_mapper.mjs'))}`)
    expect(await refusal([SAMPLES, copy])).toBe(
      `Custom operator module ${copy} defines 'strip_signature_mapper', which ${join(SAMPLES, 'strip_signature_mapper.mjs')} defines too. Give one of them another name.`
    )
  })

  it('an operator whose create makes something else', async () => {
    await loadCustomOps([
      moduleFile(`export default ({ defineOp, Mapper, RangeFilter }) => [
        defineOp({ name: 'wrong_kind_filter', kind: 'filter', description: '', params: [], create: (i, p, c) => new (class extends Mapper { processText(t) { return t } })(i, p, c) }),
        defineOp({ name: 'no_stats_key_filter', kind: 'filter', description: '', params: [], create: (i, p, c) => new (class extends RangeFilter { statKind = 'int'; computeStat() { return 1 } })(i, p, c) })
      ]`)
    ])
    expect(() => getOpDefinition('wrong_kind_filter').create({}, { textKey: 'text' })).toThrow(
      /^wrong_kind_filter \(.*\): create must return an instance of the Filter class Sieve passes to the module\.$/
    )
    expect(() => getOpDefinition('no_stats_key_filter').create({}, { textKey: 'text' })).toThrow(/a StatFilter or RangeFilter needs a statsKey/)
  })

  it('a mapper whose processText returns no text names the rule, the operator and its module, even with skip_op_error', async () => {
    const path = moduleFile(`export default ({ defineOp, Mapper }) => [
      defineOp({ name: 'number_mapper', kind: 'mapper', description: '', params: [], create: (i, p, c) => new (class extends Mapper { processText() { return 42 } })(i, p, c) }),
      defineOp({ name: 'mixed_list_mapper', kind: 'mapper', description: '', params: [], create: (i, p, c) => new (class extends Mapper { processText(t) { return [t, null] } })(i, p, c) })
    ]`)
    await loadCustomOps([path])
    const run = (name: string): unknown => getOpDefinition(name).create({}, { textKey: 'text', skipOpError: true }).process(batchOf('a', 'b'))
    expect(() => run('number_mapper')).toThrow(
      `number_mapper (${path}): processText must return a string (or a list of strings, to split the row into one row each); it returned the number 42.`
    )
    expect(() => run('mixed_list_mapper')).toThrow(
      /^mixed_list_mapper \(.*\): processText must return a string .*; it returned a list holding null\.$/
    )
  })
})
