import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { Tokenizer } from '@huggingface/tokenizers'
import { SieveError } from '../../shared/errors'
import { fileError } from '../io/fs-errors'

/**
 * A Hugging Face tokenizer from its tokenizer.json, run by Hugging Face's own JavaScript port of
 * `tokenizers` (@huggingface/tokenizers): normalizer, pre-tokenizer and model as the file declares
 * them. Data-Juicer counts `tokenizer.tokenize(text)`: the tokens without special tokens added.
 */
export interface HfTokenizer {
  tokenize(text: string): string[]
}

export async function loadHfTokenizer(path: string): Promise<HfTokenizer> {
  let json: unknown
  try {
    json = JSON.parse(await readFile(path, 'utf8'))
  } catch (err) {
    if (err instanceof SyntaxError) throw new SieveError('BAD_REQUEST', `${path} is not a tokenizer.json: it is not JSON (${err.message}).`, { path })
    throw fileError(err, path)
  }
  // Required on first use, so a worker that never tokenizes does not load the library.
  const { Tokenizer: TokenizerClass } = createRequire(import.meta.url)('@huggingface/tokenizers') as { Tokenizer: typeof Tokenizer }
  let tokenizer: Tokenizer
  try {
    // tokenizer_config.json only adds chat templates and special-token flags, which tokenize() does not use.
    tokenizer = new TokenizerClass(json as object, {})
  } catch (err) {
    throw new SieveError('BAD_REQUEST', `${path} is not a tokenizer.json the tokenizers library can load (${(err as Error).message}).`, { path })
  }
  return { tokenize: (text) => tokenizer.tokenize(text) }
}
