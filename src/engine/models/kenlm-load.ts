import { isKenlmBinaryFile } from './check-file'
import { ArpaModel } from './kenlm-arpa'
import { KenlmBinaryModel } from './kenlm-binary'
import type { LanguageModel } from './language-model'

/** Loads a KenLM model in either of its formats, told apart by the first bytes: KenLM's binary format or ARPA text. */
export async function loadKenlmModel(path: string): Promise<LanguageModel> {
  return (await isKenlmBinaryFile(path)) ? KenlmBinaryModel.load(path) : ArpaModel.load(path)
}
