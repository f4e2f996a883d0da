/**
 * The page's address without its `token` parameter, or undefined when it has none. `sieve serve`
 * answered the tokened address with its cookie, so the token is needed no longer in the address,
 * where it would stay in the history, in bookmarks and in every copied link.
 */
export function addressWithoutToken(href: string): string | undefined {
  const url = new URL(href)
  if (!url.searchParams.has('token')) return undefined
  url.searchParams.delete('token')
  return `${url.pathname}${url.search}${url.hash}`
}
