/** A path with its `.` and `..` steps walked and `/` as separator, so two spellings of one file compare equal. */
export function normalPath(path: string): string {
  const parts: string[] = []
  for (const part of path.split(/[\\/]/)) {
    if (part === '..' && parts.length > 1 && parts[parts.length - 1] !== '..') parts.pop()
    else if (part !== '.' && !(part === '' && parts.length > 0)) parts.push(part)
  }
  return parts.join('/')
}
