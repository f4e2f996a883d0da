import { declareParams, defineOp, type ParamValues } from '../define'
import { Mapper } from '../base'
import { requireLazily } from '../wordlist-text'

/** Data-Juicer's modes (OpenCC configuration names) as opencc-js's locales. */
const MODES = {
  s2t: ['cn', 't'],
  t2s: ['t', 'cn'],
  s2tw: ['cn', 'tw'],
  tw2s: ['tw', 'cn'],
  s2hk: ['cn', 'hk'],
  hk2s: ['hk', 'cn'],
  s2twp: ['cn', 'twp'],
  tw2sp: ['twp', 'cn'],
  t2tw: ['t', 'tw'],
  tw2t: ['tw', 't'],
  hk2t: ['hk', 't'],
  t2hk: ['t', 'hk'],
  t2jp: ['t', 'jp'],
  jp2t: ['jp', 't']
} as const
type Mode = keyof typeof MODES

type Convert = (text: string) => string
interface OpenCC {
  Converter(options: { from: string; to: string }): Convert
}

/** One converter per mode and thread: opencc-js builds its dictionaries (about 1 MB) when first asked. */
const converters = new Map<Mode, Convert>()

function converter(mode: Mode): Convert {
  let convert = converters.get(mode)
  if (convert === undefined) {
    const [from, to] = MODES[mode]
    convert = (requireLazily('opencc-js') as OpenCC).Converter({ from, to })
    converters.set(mode, convert)
  }
  return convert
}

const params = declareParams([
  {
    name: 'mode',
    type: 'enum',
    choices: Object.keys(MODES) as Mode[],
    default: 's2t',
    description:
      'The conversion, as OpenCC names it: s2t Simplified to Traditional, t2s back; tw/hk the Taiwan and Hong Kong standards; twp/tw2sp with Taiwanese idioms; t2jp/jp2t Japanese Shinjitai.'
  }
])
type Params = ParamValues<typeof params>

/**
 * Data-Juicer's chinese_convert_mapper (ops/mapper/chinese_convert_mapper.py): converts the text
 * between Simplified and Traditional Chinese (and their regional standards) with OpenCC's
 * dictionaries, here from opencc-js, which follows OpenCC's phrase segmentation and its test data
 * (it leaves out a few rare extension characters that fonts lack).
 */
class ChineseConvertMapper extends Mapper<Params> {
  private readonly convert = converter(this.params.mode)

  protected processText(text: string): string {
    return this.convert(text)
  }
}

export const chineseConvertMapper = defineOp({
  name: 'chinese_convert_mapper',
  kind: 'mapper',
  description: 'Converts Chinese text between Simplified and Traditional characters (and the Taiwan, Hong Kong and Japanese standards) with OpenCC.',
  params,
  create: (info, values, context) => new ChineseConvertMapper(info, values, context)
})
