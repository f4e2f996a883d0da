import { documentDeduplicator } from './deduplicators/document_deduplicator'
import { documentMinhashDeduplicator } from './deduplicators/document_minhash_deduplicator'
import { documentSimhashDeduplicator } from './deduplicators/document_simhash_deduplicator'
import { specifiedFieldFilter } from './filters/specified_field_filter'
import { specifiedNumericFieldFilter } from './filters/specified_numeric_field_filter'
import { textLengthFilter } from './filters/text_length_filter'
import { textChunkMapper } from './mappers/text_chunk_mapper'
import { whitespaceNormalizationMapper } from './mappers/whitespace_normalization_mapper'
import { randomSelector } from './selectors/random_selector'
import { topkSpecifiedFieldSelector } from './selectors/topk_specified_field_selector'
import { registerOps } from './registry'

registerOps([
  whitespaceNormalizationMapper,
  textChunkMapper,
  textLengthFilter,
  specifiedFieldFilter,
  specifiedNumericFieldFilter,
  documentDeduplicator,
  documentMinhashDeduplicator,
  documentSimhashDeduplicator,
  randomSelector,
  topkSpecifiedFieldSelector
])

export { getOpDefinition, listOps, resolveParams } from './registry'
