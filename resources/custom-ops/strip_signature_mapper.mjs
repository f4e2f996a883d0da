// A custom Sieve operator (custom_operator_paths): removes an e-mail or Usenet signature, the
// delimiter line ("-- " by default) and everything after it.
export default ({ defineOp, Mapper }) => {
  class StripSignatureMapper extends Mapper {
    processText(text) {
      const lines = text.split('\n')
      const at = lines.indexOf(this.params.delimiter)
      return at === -1 ? text : lines.slice(0, at).join('\n').trimEnd()
    }
  }

  return defineOp({
    name: 'strip_signature_mapper',
    kind: 'mapper',
    description: 'Removes the signature: the line that is exactly the delimiter, and everything after it.',
    params: [{ name: 'delimiter', type: 'string', default: '-- ', description: 'The line a signature starts with.' }],
    create: (info, params, context) => new StripSignatureMapper(info, params, context)
  })
}
