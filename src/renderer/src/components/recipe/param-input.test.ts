import { describe, expect, it } from 'vitest'
import type { ParamSpec } from '../../../../shared/ops'
import { acceptsNone, paramPlaceholder, paramText, parseParamText, textMeans } from './param-input'

const minLen: ParamSpec = { name: 'min_len', type: 'int', default: 10, min: 0, description: '' }
const maxLen: ParamSpec = { name: 'max_len', type: 'int', default: null, min: 0, description: '' }
const ratio: ParamSpec = { name: 'jaccard_threshold', type: 'float', default: 0.7, min: 0, max: 1, description: '' }
const pattern: ParamSpec = { name: 'split_pattern', type: 'string', default: '\n\n', nullable: true, description: '' }
const repl: ParamSpec = { name: 'repl', type: 'string', default: '', description: '' }
const lang: ParamSpec = { name: 'lang', type: 'enum', default: 'en', choices: ['en', 'fr'], description: '' }
const suffixes: ParamSpec = { name: 'suffixes', type: 'string_list', default: [], description: '' }
const sizes: ParamSpec = { name: 'words_aug_group_sizes', type: 'int_list', default: [2], min: 1, description: '' }

describe('reading a parameter field', () => {
  it('reads integers and says what is wrong with anything else', () => {
    expect(parseParamText(minLen, ' 250 ')).toEqual({ ok: true, value: 250 })
    expect(parseParamText(minLen, 'abc')).toEqual({ ok: false, message: 'Not a number.' })
    expect(parseParamText(minLen, '2.5')).toEqual({ ok: false, message: 'Not an integer: use a whole number.' })
    expect(parseParamText(minLen, '-1')).toEqual({ ok: false, message: 'Below the minimum, 0.' })
    expect(parseParamText(minLen, '12abc')).toMatchObject({ ok: false })
  })

  it('reads floats within their limits', () => {
    expect(parseParamText(ratio, '0.85')).toEqual({ ok: true, value: 0.85 })
    expect(parseParamText(ratio, '.5')).toEqual({ ok: true, value: 0.5 })
    expect(parseParamText(ratio, '1.5')).toEqual({ ok: false, message: 'Above the maximum, 1.' })
    expect(parseParamText(ratio, 'Infinity')).toMatchObject({ ok: false })
  })

  it('takes an empty field as unset (the default applies), or none where the default is a value that may be none', () => {
    expect(parseParamText(minLen, '')).toEqual({ ok: true, value: undefined })
    expect(parseParamText(maxLen, '  ')).toEqual({ ok: true, value: undefined })
    expect(parseParamText(pattern, '')).toEqual({ ok: true, value: null })
    expect(parseParamText(repl, '')).toEqual({ ok: true, value: undefined })
    expect(acceptsNone(maxLen) && acceptsNone(pattern) && !acceptsNone(minLen)).toBe(true)
  })

  it('keeps strings as typed, spaces included', () => {
    expect(parseParamText(repl, ' ')).toEqual({ ok: true, value: ' ' })
  })

  it('checks enum choices', () => {
    expect(parseParamText(lang, 'fr')).toEqual({ ok: true, value: 'fr' })
    expect(parseParamText(lang, 'de')).toEqual({ ok: false, message: 'Use one of en, fr.' })
  })

  it('reads comma-separated lists, each integer checked', () => {
    expect(parseParamText(suffixes, '.txt, .md,,')).toEqual({ ok: true, value: ['.txt', '.md'] })
    expect(parseParamText(sizes, '2, 3')).toEqual({ ok: true, value: [2, 3] })
    expect(parseParamText(sizes, '2, 0')).toEqual({ ok: false, message: '0: Below the minimum, 1.' })
  })
})

describe('showing a parameter', () => {
  it('writes lists comma-separated and none as empty', () => {
    expect(paramText([2, 3])).toBe('2, 3')
    expect(paramText(null)).toBe('')
    expect(paramText(undefined)).toBe('')
    expect(paramText(0.5)).toBe('0.5')
  })

  it('shows the default, or none, as the placeholder', () => {
    expect(paramPlaceholder(minLen, undefined)).toBe('10')
    expect(paramPlaceholder(maxLen, undefined)).toBe('none')
    expect(paramPlaceholder(pattern, null)).toBe('none')
    expect(paramPlaceholder(suffixes, undefined)).toBe('empty list')
    expect(paramPlaceholder(sizes, undefined)).toBe('2')
  })

  it('knows when the text already says the value, so an outside change need not replace it', () => {
    expect(textMeans(minLen, '250', 250)).toBe(true)
    expect(textMeans(minLen, '25', 250)).toBe(false)
    expect(textMeans(sizes, '2,3', [2, 3])).toBe(true)
    expect(textMeans(minLen, '', undefined)).toBe(true)
  })
})
