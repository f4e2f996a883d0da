import { documentDeduplicator } from './deduplicators/document_deduplicator'
import { documentMinhashDeduplicator } from './deduplicators/document_minhash_deduplicator'
import { documentSimhashDeduplicator } from './deduplicators/document_simhash_deduplicator'
import { textLengthFilter } from './filters/text_length_filter'
import { whitespaceNormalizationMapper } from './mappers/whitespace_normalization_mapper'
import { registerOps } from './registry'

registerOps([whitespaceNormalizationMapper, textLengthFilter, documentDeduplicator, documentMinhashDeduplicator, documentSimhashDeduplicator])

export { getOpDefinition, listOps, resolveParams } from './registry'
