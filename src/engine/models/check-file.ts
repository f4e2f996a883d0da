import { open, readFile, stat } from 'node:fs/promises'
import { SieveError } from '../../shared/errors'
import { fileError } from '../io/fs-errors'
import { modelSpec, type ModelSpec } from './catalog'
import { kenlmBinaryFail, probingTables, requireBytes } from './kenlm-binary'
import { PROBING, parseKenlmHeader } from './kenlm-binary-header'

/** KenLM's binary files start with this (lm/binary_format.cc); ARPA text starts with a '\data\' line. */
export const KENLM_BINARY_MAGIC = 'mmap lm '
const ARPA_START = /^\s*\\data\\\s*\n/
/** Enough of a KenLM binary file for its header (see parseKenlmHeader). */
const KENLM_HEAD_BYTES = 4096

/** The first `bytes` bytes of a file (fewer when it is shorter). */
export async function readFileHead(path: string, bytes: number): Promise<Buffer> {
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

/** Whether a file starts as KenLM's binary files do. */
export async function isKenlmBinaryFile(path: string): Promise<boolean> {
  return (await readFileHead(path, KENLM_BINARY_MAGIC.length)).toString('latin1') === KENLM_BINARY_MAGIC
}

/**
 * The KenLM model a file is, by its content, when it is added under a KenLM model's name: binary
 * content is filed as LANG.arpa.bin, anything else as LANG.arpa (then checked to be ARPA text), so
 * a model can be chosen under either name. Other specs are returned as they are.
 */
export async function kenlmSpecByContent(path: string, spec: ModelSpec): Promise<ModelSpec> {
  if (spec.kind !== 'kenlm-binary' && spec.kind !== 'kenlm-arpa') return spec
  const wanted = (await isKenlmBinaryFile(path)) ? 'kenlm-binary' : 'kenlm-arpa'
  if (spec.kind === wanted) return spec
  const other = spec.alternatives?.map(modelSpec).find((s) => s.kind === wanted)
  return other ?? spec
}

/**
 * Checks that a file is a model of the kind its name says, from its first bytes (a tokenizer.json
 * is parsed whole), so that a wrong file is refused when it is added rather than when a job loads it.
 */
export async function checkModelFile(path: string, spec: ModelSpec): Promise<void> {
  switch (spec.kind) {
    case 'kenlm-arpa': {
      const text = (await readFileHead(path, 4096)).toString('latin1')
      if (text.startsWith(KENLM_BINARY_MAGIC)) refuse(path, spec, `it is in KenLM's binary format, the format of ${spec.alternatives?.[0]}`)
      if (!ARPA_START.test(text)) refuse(path, spec, "an ARPA file begins with a '\\data\\' line")
      return
    }
    case 'kenlm-binary': {
      const bytes = await readFileHead(path, KENLM_HEAD_BYTES)
      if (ARPA_START.test(bytes.toString('latin1'))) refuse(path, spec, `it is ARPA text, the format of ${spec.alternatives?.[0]}`)
      const fail = kenlmBinaryFail(path)
      const header = parseKenlmHeader(bytes, fail)
      // A probing model's size follows from its header: a truncated copy is refused now. (A trie's
      // depends on bytes further in; loading it checks that.)
      if (header.modelType === PROBING) requireBytes((await stat(path)).size, probingTables(header).end, fail)
      return
    }
    case 'sentencepiece': {
      // A SentencePiece ModelProto starts with its first piece: field 1, length-delimited (0x0a).
      const bytes = await readFileHead(path, 2)
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
