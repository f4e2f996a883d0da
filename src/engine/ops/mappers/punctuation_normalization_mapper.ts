import { declareParams, defineOp, type ParamValues } from '../define'
import { Mapper } from '../base'

/**
 * Data-Juicer's table (ops/mapper/punctuation_normalization_mapper.py, from BigScience): each of
 * these characters becomes its ASCII counterpart. Its quirks are kept: the fullwidth digit '１'
 * becomes '"', '—' becomes ' - ' and '．' becomes '. '.
 */
export const PUNCTUATION_MAP: Record<string, string> = {
  '，': ',',
  '。': '.',
  '、': ',',
  '„': '"',
  '”': '"',
  '“': '"',
  '«': '"',
  '»': '"',
  '１': '"',
  '」': '"',
  '「': '"',
  '《': '"',
  '》': '"',
  '´': "'",
  '∶': ':',
  '：': ':',
  '？': '?',
  '！': '!',
  '（': '(',
  '）': ')',
  '；': ';',
  '–': '-',
  '—': ' - ',
  '．': '. ',
  '～': '~',
  '’': "'",
  '…': '...',
  '━': '-',
  '〈': '<',
  '〉': '>',
  '【': '[',
  '】': ']',
  '％': '%',
  '►': '-'
}

const PUNCTUATION_RE = new RegExp(`[${Object.keys(PUNCTUATION_MAP).join('')}]`, 'g')

const params = declareParams([])
type Params = ParamValues<typeof params>

class PunctuationNormalizationMapper extends Mapper<Params> {
  protected processText(text: string): string {
    return text.replace(PUNCTUATION_RE, (c) => PUNCTUATION_MAP[c]!)
  }
}

export const punctuationNormalizationMapper = defineOp({
  name: 'punctuation_normalization_mapper',
  kind: 'mapper',
  description: 'Turns Chinese/fullwidth and typographic punctuation (，。、“”«»【】…—) into plain ASCII punctuation.',
  params,
  create: (info, values, context) => new PunctuationNormalizationMapper(info, values, context)
})
