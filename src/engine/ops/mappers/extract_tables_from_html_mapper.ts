import { Field, List, Struct, Utf8, makeData, vectorFromArray, type DataType, type RecordBatch } from 'apache-arrow'
import { declareParams, defineOp, type ParamValues } from '../define'
import { Mapper, type OpOutput } from '../base'
import { withColumn } from '../batch'
import { findAll, parseHtml, serialize, strippedText } from '../html-tree'

/** Data-Juicer's column of per-row metadata that tagging operators write into. */
const META_COLUMN = '__dj__meta__'

const listOf = (type: DataType): List => new List(new Field('item', type, true))

const params = declareParams([
  { name: 'tables_field_name', type: 'string', default: 'html_tables', description: 'The field under __dj__meta__ that receives the tables.' },
  {
    name: 'retain_html_tags',
    type: 'bool',
    default: false,
    description: 'Keep each table as its HTML; otherwise as rows of cell texts.'
  },
  {
    name: 'include_header',
    type: 'bool',
    default: true,
    description: 'Keep header rows (a row with a <th> cell); applies only without retain_html_tags.'
  }
])
type Params = ParamValues<typeof params>

/**
 * Data-Juicer's extract_tables_from_html_mapper (ops/mapper/extract_tables_from_html_mapper.py),
 * a tagging operator: reads the text as HTML (as BeautifulSoup's html.parser does, html-tree.ts)
 * and writes its tables into `__dj__meta__.<tables_field_name>`, the text unchanged. Each table
 * is the HTML of the <table> (retain_html_tags) or its rows: every <tr> under it (nested tables'
 * rows too, as find_all gives them), each as the stripped texts of its own <td>/<th> cells,
 * rows without cells and tables without rows left out; a header row (one with its own <th>) is
 * left out unless include_header. A dataset whose metadata already has the field keeps it.
 */
class ExtractTablesFromHtmlMapper extends Mapper<Params> {
  private readonly field = this.params.tables_field_name

  private readonly type: DataType = this.params.retain_html_tags ? listOf(new Utf8()) : listOf(listOf(listOf(new Utf8())))

  private tables(html: string): string[] | string[][][] {
    const tables = findAll(parseHtml(html), ['table'])
    if (this.params.retain_html_tags) return tables.map(serialize)
    const out: string[][][] = []
    for (const table of tables) {
      const rows: string[][] = []
      for (const row of findAll(table, ['tr'])) {
        if (!this.params.include_header && findAll(row, ['th'], false).length > 0) continue
        const cells = findAll(row, ['td', 'th'], false).map(strippedText)
        if (cells.length > 0) rows.push(cells)
      }
      if (rows.length > 0) out.push(rows)
    }
    return out
  }

  protected processText(text: string): string {
    return text
  }

  protected override apply(batch: RecordBatch): OpOutput {
    const at = batch.schema.fields.findIndex((f) => f.name === META_COLUMN)
    const meta = at >= 0 ? (batch.schema.fields[at]!.type as Struct) : null
    if (meta !== null && meta.children.some((f) => f.name === this.field)) return { batch }
    const values = this.texts(batch).map((html) => this.tables(html))
    const column = vectorFromArray(values, this.type).data[0]!
    const fields = [...(meta?.children ?? []), new Field(this.field, this.type, true)]
    const children = [...(at >= 0 ? batch.data.children[at]!.children : []), column]
    const struct = new Struct(fields)
    const data = makeData({ type: struct, length: batch.numRows, nullCount: 0, children })
    return { batch: withColumn(batch, new Field(META_COLUMN, struct, true), data) }
  }
}

export const extractTablesFromHtmlMapper = defineOp({
  name: 'extract_tables_from_html_mapper',
  kind: 'mapper',
  description: "Extracts the tables of HTML text into __dj__meta__.html_tables: each table's rows of cell texts, or its HTML.",
  params,
  create: (info, values, context) => new ExtractTablesFromHtmlMapper(info, values, context)
})
