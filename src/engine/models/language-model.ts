/** An n-gram language model scored as KenLM's Python binding scores it: perplexity_filter's interface to KenLM. */
export interface LanguageModel {
  readonly order: number
  /** Words in the vocabulary, <unk> included. */
  readonly vocabularySize: number
  /** log10 P(sentence), as kenlm.Model.score(sentence, bos, eos): the sentence's words after <s> (with bos), then </s> (with eos). */
  score(sentence: string, bos?: boolean, eos?: boolean): number
}

/** KenLM's binding splits the sentence's UTF-8 bytes (bytes.split(), util::kSpaces): on ASCII white space only. */
const ASCII_WHITESPACE = /[ \t\n\v\f\r]+/

/** The words KenLM scores in a sentence. */
export function kenlmWords(sentence: string): string[] {
  return sentence.split(ASCII_WHITESPACE).filter((w) => w !== '')
}
