import { declareParams, defineOp, type ParamValues } from '../define'
import { Mapper } from '../base'
import { isPythonSpace } from '../text'

/**
 * Data-Juicer's sentence_split_mapper (ops/mapper/sentence_split_mapper.py) puts each sentence on
 * a line of its own: '\n'.join(punkt.tokenize(text)) with NLTK's trained Punkt model of the
 * language (en, fr, pt or es). Punkt's models are learned data Sieve does not have, so this is a
 * rule-based splitter that follows Punkt's decisions as far as rules can:
 *
 * - A boundary candidate is a run of '.', '?' or '!' (plus closing ASCII quotes and brackets,
 *   which Punkt realigns into the sentence) followed by whitespace and a next token. No split
 *   inside "3.14", "e.g.x" or URLs, nor before a non-ASCII closing quote (”), as in Punkt.
 * - '?' and '!' always end a sentence.
 * - A single '.' ends one, except after an abbreviation (a list per language, or dotted letters
 *   such as U.S. and e.g.), a single-letter initial, or an ellipsis, where it ends one only if the
 *   next word is capitalised and a common sentence starter (Punkt's orthographic heuristic), and
 *   after a number followed by a lower-case word.
 * - Sentences keep their inner line breaks; the whitespace between sentences and at the end of
 *   the text goes; leading whitespace of the text stays; whitespace-only text becomes ''.
 *
 * Punkt's learned abbreviations, collocations and orthographic statistics are larger than these
 * lists, so rare abbreviations and names after initials can be split differently.
 */

type Lang = 'en' | 'fr' | 'pt' | 'es'

const ABBREVIATIONS: Record<Lang, ReadonlySet<string>> = {
  en: new Set(
    (
      'mr mrs ms messrs dr prof sr jr st mt ft rev hon gen gov sen rep col lt sgt capt cmdr adm maj brig pres supt ' +
      'vs etc al inc ltd co corp bros assn dept univ est approx misc ca cf viz ibid op fig figs vol vols ed eds ' +
      'no nos pp p pg para sec ch art jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues thu thur thurs fri ' +
      'ave blvd rd hwy mass calif conf'
    ).split(' ')
  ),
  fr: new Set(
    (
      'm mm mme mmes mlle mlles dr pr me mgr st ste etc cf ex env av apr hab tél éd coll chap art fig vol p pp no ' +
      'janv févr avr juil sept oct nov déc bd boul ch cie sté'
    ).split(' ')
  ),
  pt: new Set(
    (
      'sr sra srta srs dr dra drs prof profa eng gov dep exmo exma ilmo ilma etc av pág págs p pp núm no art cap fig ' +
      'vol ed ex ltda cia tel jan fev abr mai jun jul ago set out nov dez'
    ).split(' ')
  ),
  es: new Set(
    (
      'sr sra srta sres dr dra drs lic ing arq prof ud uds vd vds etc av avda pág págs p pp núm no art cap fig vol ed ej ' +
      'aprox dpto depto gral cía tel ene feb mar abr jun jul ago sept oct nov dic'
    ).split(' ')
  )
}

/** Words that often start a sentence: after an abbreviation, initial or ellipsis they mark a boundary when capitalised. */
const SENTENCE_STARTERS: Record<Lang, ReadonlySet<string>> = {
  en: new Set(
    (
      'the this that these those there here it its he she we they you i his her their our my your in on at for from ' +
      'but and or so if when while after before as however although though then also yet now today one some many ' +
      'most all no not what why how where who which each every both such after during since because'
    ).split(' ')
  ),
  fr: new Set(
    (
      "le la les l' un une des ce cet cette ces c' il elle ils elles on nous vous je j' mais et ou donc car si quand " +
      "en dans à au aux pour par puis alors cependant enfin ensuite aujourd'hui selon depuis après avant"
    ).split(' ')
  ),
  pt: new Set(
    (
      'o a os as um uma uns umas este esta estes estas esse essa isso isto ele ela eles elas nós eu você vocês mas e ' +
      'ou se quando em no na nos nas do da de para por com sem também além então hoje não segundo depois antes'
    ).split(' ')
  ),
  es: new Set(
    (
      'el la los las un una unos unas este esta estos estas ese esa eso esto él ella ellos ellas nosotros yo tú usted ' +
      'ustedes pero y o si cuando en de del al para por con sin también además luego entonces hoy no según después antes'
    ).split(' ')
  )
}

const WS = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000'
/** Sentence-ending punctuation, closing ASCII quotes/brackets, whitespace (Python's \s), then a token. */
const CANDIDATE = new RegExp(`([.?!]+)(["')\\]}]*)[${WS}]+(?=[^${WS}])`, 'g')
const NEXT_TOKEN = new RegExp(`[^${WS}]{1,64}`, 'y')
const QUESTION_OR_EXCLAMATION = /[?!]/
const LEADING_PUNCTUATION = /^[^\p{L}\p{N}]+/u
const DOTTED_LETTERS = /^(?:\p{L}{1,2}\.)+\p{L}{1,2}$/u
const INITIAL = /^\p{L}$/u
/** Punkt's number type: "1999", "3,700", "-2.5". */
const NUMBER = /^-?[.,]?\d[\d,.-]*$/u
const STARTS_UPPER = /^\p{Lu}/u
const STARTS_LOWER = /^\p{Ll}/u
const LEADING_LETTERS = /^\p{L}+/u

function isAbbreviation(word: string, lang: Lang): boolean {
  const abbreviations = ABBREVIATIONS[lang]
  if (abbreviations.has(word) || DOTTED_LETTERS.test(word)) return true
  const dash = word.lastIndexOf('-')
  return dash >= 0 && abbreviations.has(word.slice(dash + 1))
}

function isSentenceStarter(next: string, lang: Lang): boolean {
  if (!STARTS_UPPER.test(next)) return false
  const lower = next.toLowerCase()
  const letters = LEADING_LETTERS.exec(lower)?.[0]
  if (letters === undefined) return false
  const starters = SENTENCE_STARTERS[lang]
  if (starters.has(letters)) return true
  const after = lower[letters.length]
  return (after === "'" || after === '\u2019') && starters.has(`${letters}'`)
}

/** Whether the punctuation `punct` after `word`, followed by the token `next`, ends a sentence. */
function endsSentence(punct: string, word: string, next: string, lang: Lang): boolean {
  if (QUESTION_OR_EXCLAMATION.test(punct)) return true
  if (punct.length > 1) return isSentenceStarter(next, lang) // an ellipsis
  const core = word.replace(LEADING_PUNCTUATION, '')
  if (core === '') return true
  const lower = core.toLowerCase()
  if (isAbbreviation(lower, lang) || INITIAL.test(core)) return isSentenceStarter(next, lang)
  if (NUMBER.test(core)) return !STARTS_LOWER.test(next)
  return true
}

/** The sentences of a text, as Punkt's tokenize returns them. */
export function splitSentences(text: string, lang: Lang): string[] {
  const sentences: string[] = []
  let start = 0
  CANDIDATE.lastIndex = 0
  for (let m = CANDIDATE.exec(text); m !== null; m = CANDIDATE.exec(text)) {
    const punct = m[1]!
    const end = m.index + punct.length + m[2]!.length
    const nextStart = m.index + m[0].length
    let wordStart = m.index
    while (wordStart > start && !isPythonSpace(text.charCodeAt(wordStart - 1))) wordStart--
    NEXT_TOKEN.lastIndex = nextStart
    const next = NEXT_TOKEN.exec(text)?.[0] ?? ''
    if (!endsSentence(punct, text.slice(wordStart, m.index), next, lang)) continue
    sentences.push(text.slice(start, end))
    start = nextStart
  }
  let last = text.length
  while (last > start && isPythonSpace(text.charCodeAt(last - 1))) last--
  if (last > start) sentences.push(text.slice(start, last))
  return sentences
}

const params = declareParams([
  {
    name: 'lang',
    type: 'enum',
    default: 'en',
    choices: ['en', 'fr', 'pt', 'es'],
    description: 'Language of the text: English, French, Portuguese or Spanish.'
  }
])
type Params = ParamValues<typeof params>

class SentenceSplitMapper extends Mapper<Params> {
  private readonly lang: Lang = this.params.lang

  protected processText(text: string): string {
    return splitSentences(text, this.lang).join('\n')
  }
}

export const sentenceSplitMapper = defineOp({
  name: 'sentence_split_mapper',
  kind: 'mapper',
  description:
    "Puts each sentence on a line of its own. Sentence ends are found by rules close to Data-Juicer's NLTK Punkt models (abbreviations such as 'Dr.' and 'U.S.' do not end a sentence), so rare cases may split differently.",
  params,
  create: (info, values, context) => new SentenceSplitMapper(info, values, context)
})
