import { open, readFile } from 'node:fs/promises'
import { SieveError } from '../../shared/errors'
import { fileError } from '../io/fs-errors'
import type { ModelSpec } from './catalog'

/** KenLM's binary files start with this line (lm/binary_format.cc); Sieve reads ARPA text only. */
const KENLM_BINARY_MAGIC = 'mmap lm '

async function head(path: string, bytes: number): Promise<Buffer> {
  try {
    const handle = await open(path, 'r')
    try {
      const buffer = Buffer.alloc(bytes)
      const { bytesRead } = await handle.read(buffer, 0, bytes, 0)
      return buffer.subarray(0, bytesRead)
    } finally {
      await handle.close()
    }
  } catch (err) {
    throw fileError(err, path)
  }
}

function refuse(path: string, spec: ModelSpec, why: string): never {
  throw new SieveError('BAD_REQUEST', `${path} is not a ${spec.description}: ${why}.`, { path, model: spec.name })
}

/** The message for a KenLM binary model, wherever one is met. */
export function kenlmBinaryRefusal(path: string, name: string): string {
  return `${path} is a KenLM binary model, which Sieve cannot read (there is no reference tool to check a reader of that format against). Sieve needs the ARPA text model it was built from (KenLM's lmplz writes it; build_binary makes the .arpa.bin from it): add that with 'sieve models add FILE --name ${name}'.`
}

/**
 * Checks that a file is a model of the kind its name says, from its first bytes (a tokenizer.json
 * is parsed whole), so that a wrong file is refused when it is added rather than when a job loads it.
 */
export async function checkModelFile(path: string, spec: ModelSpec): Promise<void> {
  switch (spec.kind) {
    case 'kenlm-arpa': {
      const text = (await head(path, 4096)).toString('latin1')
      if (text.startsWith(KENLM_BINARY_MAGIC)) throw new SieveError('BAD_REQUEST', kenlmBinaryRefusal(path, spec.name), { path, model: spec.name })
      if (!/^\s*\\data\\\s*\n/.test(text)) refuse(path, spec, "an ARPA file begins with a '\\data\\' line")
      return
    }
    case 'sentencepiece': {
      // A SentencePiece ModelProto starts with its first piece: field 1, length-delimited (0x0a).
      const bytes = await head(path, 2)
      if (bytes.length < 2 || bytes[0] !== 0x0a) refuse(path, spec, 'a SentencePiece model is a ModelProto whose first field is a piece')
      return
    }
    case 'hf-tokenizer': {
      let json: unknown
      try {
        json = JSON.parse(await readFile(path, 'utf8'))
      } catch (err) {
        if (err instanceof SyntaxError) refuse(path, spec, `it is not JSON (${err.message})`)
        throw fileError(err, path)
      }
      const model = (json as { model?: { type?: unknown } } | null)?.model
      if (typeof model !== 'object' || model === null) refuse(path, spec, "a tokenizer.json has a 'model' object")
      return
    }
  }
}
