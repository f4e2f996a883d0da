import { documentDeduplicator } from './deduplicators/document_deduplicator'
import { documentMinhashDeduplicator } from './deduplicators/document_minhash_deduplicator'
import { documentSimhashDeduplicator } from './deduplicators/document_simhash_deduplicator'
import { alphanumericFilter } from './filters/alphanumeric_filter'
import { averageLineLengthFilter } from './filters/average_line_length_filter'
import { characterRepetitionFilter } from './filters/character_repetition_filter'
import { flaggedWordsFilter } from './filters/flagged_words_filter'
import { languageIdScoreFilter } from './filters/language_id_score_filter'
import { maximumLineLengthFilter } from './filters/maximum_line_length_filter'
import { perplexityFilter } from './filters/perplexity_filter'
import { specialCharactersFilter } from './filters/special_characters_filter'
import { specifiedFieldFilter } from './filters/specified_field_filter'
import { specifiedNumericFieldFilter } from './filters/specified_numeric_field_filter'
import { suffixFilter } from './filters/suffix_filter'
import { stopwordsFilter } from './filters/stopwords_filter'
import { textLengthFilter } from './filters/text_length_filter'
import { tokenNumFilter } from './filters/token_num_filter'
import { wordRepetitionFilter } from './filters/word_repetition_filter'
import { wordsNumFilter } from './filters/words_num_filter'
import { cleanCopyrightMapper } from './mappers/clean_copyright_mapper'
import { cleanEmailMapper } from './mappers/clean_email_mapper'
import { cleanHtmlMapper } from './mappers/clean_html_mapper'
import { cleanIpMapper } from './mappers/clean_ip_mapper'
import { cleanLinksMapper } from './mappers/clean_links_mapper'
import { fixUnicodeMapper } from './mappers/fix_unicode_mapper'
import { punctuationNormalizationMapper } from './mappers/punctuation_normalization_mapper'
import { removeLongWordsMapper } from './mappers/remove_long_words_mapper'
import { removeRepeatSentencesMapper } from './mappers/remove_repeat_sentences_mapper'
import { removeSpecificCharsMapper } from './mappers/remove_specific_chars_mapper'
import { replaceContentMapper } from './mappers/replace_content_mapper'
import { sentenceSplitMapper } from './mappers/sentence_split_mapper'
import { textChunkMapper } from './mappers/text_chunk_mapper'
import { whitespaceNormalizationMapper } from './mappers/whitespace_normalization_mapper'
import { randomSelector } from './selectors/random_selector'
import { topkSpecifiedFieldSelector } from './selectors/topk_specified_field_selector'
import { expandMacroMapper } from './mappers/expand_macro_mapper'
import { removeBibliographyMapper } from './mappers/remove_bibliography_mapper'
import { removeCommentsMapper } from './mappers/remove_comments_mapper'
import { removeHeaderMapper } from './mappers/remove_header_mapper'
import { removeNonChineseCharacterMapper } from './mappers/remove_non_chinese_character_mapper'
import { removeTableTextMapper } from './mappers/remove_table_text_mapper'
import { removeWordsWithIncorrectSubstringsMapper } from './mappers/remove_words_with_incorrect_substrings_mapper'
import { rayBtsMinhashDeduplicator } from './deduplicators/ray_bts_minhash_deduplicator'
import { rayDocumentDeduplicator } from './deduplicators/ray_document_deduplicator'
import { frequencySpecifiedFieldSelector } from './selectors/frequency_specified_field_selector'
import { rangeSpecifiedFieldSelector } from './selectors/range_specified_field_selector'
import { tagsSpecifiedFieldSelector } from './selectors/tags_specified_field_selector'
import { generalFieldFilter } from './filters/general_field_filter'
import { chineseConvertMapper } from './mappers/chinese_convert_mapper'
import { extractTablesFromHtmlMapper } from './mappers/extract_tables_from_html_mapper'
import { registerOps } from './registry'

/** Every operator Sieve has, under its Data-Juicer name. */
registerOps([
  chineseConvertMapper,
  cleanCopyrightMapper,
  cleanEmailMapper,
  cleanHtmlMapper,
  cleanIpMapper,
  cleanLinksMapper,
  expandMacroMapper,
  extractTablesFromHtmlMapper,
  fixUnicodeMapper,
  punctuationNormalizationMapper,
  removeBibliographyMapper,
  removeCommentsMapper,
  removeHeaderMapper,
  removeLongWordsMapper,
  removeNonChineseCharacterMapper,
  removeRepeatSentencesMapper,
  removeSpecificCharsMapper,
  removeTableTextMapper,
  removeWordsWithIncorrectSubstringsMapper,
  replaceContentMapper,
  sentenceSplitMapper,
  textChunkMapper,
  whitespaceNormalizationMapper,
  alphanumericFilter,
  averageLineLengthFilter,
  characterRepetitionFilter,
  flaggedWordsFilter,
  generalFieldFilter,
  languageIdScoreFilter,
  maximumLineLengthFilter,
  perplexityFilter,
  specialCharactersFilter,
  specifiedFieldFilter,
  specifiedNumericFieldFilter,
  suffixFilter,
  stopwordsFilter,
  textLengthFilter,
  tokenNumFilter,
  wordRepetitionFilter,
  wordsNumFilter,
  documentDeduplicator,
  documentMinhashDeduplicator,
  documentSimhashDeduplicator,
  rayBtsMinhashDeduplicator,
  rayDocumentDeduplicator,
  frequencySpecifiedFieldSelector,
  randomSelector,
  rangeSpecifiedFieldSelector,
  tagsSpecifiedFieldSelector,
  topkSpecifiedFieldSelector
])

export { getOpDefinition, listBuiltInOps, listOps, resolveParams } from './registry'
export { globalOperator } from './define'
