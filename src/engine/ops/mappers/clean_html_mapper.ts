import { declareParams, defineOp, type ParamValues } from '../define'
import { Mapper } from '../base'
import { htmlBodyText } from '../html-text'

/**
 * Data-Juicer (ops/mapper/clean_html_mapper.py, from RedPajama): the literal tags '<li>' and '<ol>'
 * become '\n*' and '</li>', '</ol>' are deleted (exact, case-sensitive, no attributes), then the
 * text is parsed as HTML and the text of its body is kept (selectolax `HTMLParser(...).text()`).
 */
export function cleanHtml(raw: string): string {
  const listed = raw.replaceAll('<li>', '\n*').replaceAll('</li>', '').replaceAll('<ol>', '\n*').replaceAll('</ol>', '')
  return htmlBodyText(listed)
}

const params = declareParams([])
type Params = ParamValues<typeof params>

class CleanHtmlMapper extends Mapper<Params> {
  protected processText(text: string): string {
    return cleanHtml(text)
  }
}

export const cleanHtmlMapper = defineOp({
  name: 'clean_html_mapper',
  kind: 'mapper',
  description:
    'Turns HTML into its visible text: tags and comments are removed, entities such as &amp; are decoded, and list items start a new line with "*".',
  params,
  create: (info, values, context) => new CleanHtmlMapper(info, values, context)
})
