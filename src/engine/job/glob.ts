import { readdir } from 'node:fs/promises'
import { join, sep } from 'node:path'

export function isGlob(path: string): boolean {
  return /[*?[]/.test(path)
}

/** A glob as a regular expression: `*` within a name, `**` across folders, `?` one character, `[...]` a class. */
function globToRegExp(glob: string): RegExp {
  let re = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!
    if (c === '*') {
      if (glob[i + 1] === '*') {
        re += '.*'
        i++
        if (glob[i + 1] === '/') i++
      } else re += '[^/]*'
    } else if (c === '?') re += '[^/]'
    else if (c === '[') {
      const end = glob.indexOf(']', i)
      if (end === -1) re += '\\['
      else {
        re += `[${glob.slice(i + 1, end).replace(/^!/, '^')}]`
        i = end
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&')
  }
  return new RegExp(`^${re}$`)
}

/** Whether a path (which may not exist yet) is one the glob would match. */
export function matchesGlob(pattern: string, path: string): boolean {
  return globToRegExp(pattern.split(sep).join('/')).test(path.split(sep).join('/'))
}

/** Files matching a glob, sorted, so the same glob always gives the same order. */
export async function expandGlob(pattern: string): Promise<string[]> {
  const normalized = pattern.split(sep).join('/')
  const parts = normalized.split('/')
  const firstWild = parts.findIndex((p) => isGlob(p))
  const base = parts.slice(0, firstWild).join('/') || '/'
  const matcher = globToRegExp(normalized)
  const out: string[] = []
  const walk = async (dir: string): Promise<void> => {
    let entries
    try {
      entries = await readdir(dir, { withFileTypes: true })
    } catch {
      return
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue
      const full = join(dir, e.name)
      if (e.isDirectory()) await walk(full)
      else if (e.isFile() && matcher.test(full.split(sep).join('/'))) out.push(full)
    }
  }
  await walk(base)
  return out.sort()
}
