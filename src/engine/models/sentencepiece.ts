import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { SieveError } from '../../shared/errors'
import { fileError } from '../io/fs-errors'

/**
 * SentencePiece models, run by SentencePiece's own C++ compiled to WebAssembly (the npm package
 * @sctg/sentencepiece-js): normalization, the unigram or BPE segmentation and the pieces are the
 * library's, so they are spm_encode's. The package is an ES module loaded on first use.
 */
interface WasmStatus {
  ToString(): string
  delete(): void
}

interface WasmProcessor {
  status(): WasmStatus
}

interface SentencePieceProcessor {
  processor: WasmProcessor
  loadFromB64StringModel(b64: string): Promise<void>
  encodePieces(text: string): string[]
}

interface SentencePiecePackage {
  SentencePieceProcessor: new () => SentencePieceProcessor
}

/**
 * The package's entry as a file URL: imported at run time, not bundled or type-read (its types are
 * megabytes of models), and by path, which works from a bundle, a test worker and a data: module alike.
 */
function packageUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('@sctg/sentencepiece-js')).href
}

export interface SentencePieceModel {
  /** The pieces of a text, as spm_encode (and Python's encode_as_pieces) give them. */
  encodePieces(text: string): string[]
}

/** Loads a SentencePiece model file; a file SentencePiece cannot load is refused with its reason. */
export async function loadSentencePiece(path: string): Promise<SentencePieceModel> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (err) {
    throw fileError(err, path)
  }
  const { SentencePieceProcessor: Processor } = (await import(packageUrl())) as SentencePiecePackage
  const sp = new Processor()
  await sp.loadFromB64StringModel(bytes.toString('base64'))
  const status = sp.processor.status()
  const state = status.ToString()
  status.delete()
  if (state !== 'OK') {
    throw new SieveError('BAD_REQUEST', `${path} is not a SentencePiece model SentencePiece can load (${state}).`, { path })
  }
  return { encodePieces: (text) => sp.encodePieces(text) }
}
