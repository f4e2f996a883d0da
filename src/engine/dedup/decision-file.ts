import { open } from 'node:fs/promises'
import { SieveError } from '../../shared/errors'
import { publishRename, StreamingFile, type PublishedFile } from '../io/publish'
import { fileError } from '../io/fs-errors'

/** 'SDD1' read as a little-endian word: the last word of a decision file. */
const MAGIC = 0x31444453
/** Positions written at a time. */
const CHUNK = 65536

/** Where one partition's rows to drop lie in a decision file: the index of its first, and how many. */
export interface DropSlice {
  /** The decision file, relative to the work directory. */
  path: string
  first: number
  count: number
}

/**
 * Writes a global decision: per partition in order, the positions (in its boundary checkpoint) of
 * the rows to drop, ascending, as 32-bit little-endian words; then each partition's count, the
 * number of partitions and a magic word. The index is at the end so the positions stream out as
 * the merge gives them. Published atomically, as every file Sieve writes.
 */
export async function writeDecisionFile(
  tempDir: string,
  finalPath: string,
  rows: number[],
  sorted: Iterable<Float64Array>
): Promise<{ file: Omit<PublishedFile, 'path'>; dropped: number }> {
  const stream = await StreamingFile.create(tempDir, finalPath)
  const counts = new Uint32Array(rows.length)
  let partition = 0
  let base = 0
  let dropped = 0
  try {
    const out = new Uint32Array(CHUNK)
    let n = 0
    for (const chunk of sorted) {
      for (const position of chunk) {
        while (position >= base + rows[partition]!) base += rows[partition++]!
        out[n++] = position - base
        counts[partition]!++
        if (n === CHUNK) {
          await stream.write(new Uint8Array(out.buffer), finalPath)
          n = 0
        }
      }
    }
    if (n > 0) await stream.write(new Uint8Array(out.buffer, 0, n * 4), finalPath)
    dropped = counts.reduce((a, b) => a + b, 0)
    const footer = new Uint32Array(rows.length + 2)
    footer.set(counts)
    footer[rows.length] = rows.length
    footer[rows.length + 1] = MAGIC
    await stream.write(new Uint8Array(footer.buffer), finalPath)
  } catch (err) {
    await stream.abort()
    throw err
  }
  const file = await stream.complete(finalPath)
  await publishRename(stream.tempPath, finalPath)
  return { file, dropped }
}

/** Each partition's slice of a decision file, from its index. */
export async function readDecisionIndex(absolutePath: string, relativePath: string): Promise<DropSlice[]> {
  try {
    const handle = await open(absolutePath, 'r')
    try {
      const { size } = await handle.stat()
      const tail = new Uint32Array(2)
      if (size < 8) throw notDecision(relativePath)
      await handle.read(new Uint8Array(tail.buffer), 0, 8, size - 8)
      const partitions = tail[0]!
      if (tail[1] !== MAGIC || size < 8 + partitions * 4) throw notDecision(relativePath)
      const counts = new Uint32Array(partitions)
      await handle.read(new Uint8Array(counts.buffer), 0, partitions * 4, size - 8 - partitions * 4)
      const slices: DropSlice[] = []
      let first = 0
      for (const count of counts) {
        slices.push({ path: relativePath, first, count })
        first += count
      }
      if ((first + partitions + 2) * 4 !== size) throw notDecision(relativePath)
      return slices
    } finally {
      await handle.close()
    }
  } catch (err) {
    throw err instanceof SieveError ? err : fileError(err, absolutePath)
  }
}

/** One partition's rows to drop, ascending. */
export async function readDropSlice(workDir: string, slice: DropSlice): Promise<Uint32Array> {
  const out = new Uint32Array(slice.count)
  if (slice.count === 0) return out
  const path = `${workDir}/${slice.path}`
  try {
    const handle = await open(path, 'r')
    try {
      const { bytesRead } = await handle.read(new Uint8Array(out.buffer), 0, slice.count * 4, slice.first * 4)
      if (bytesRead !== slice.count * 4) throw notDecision(slice.path)
    } finally {
      await handle.close()
    }
  } catch (err) {
    throw err instanceof SieveError ? err : fileError(err, path)
  }
  return out
}

function notDecision(path: string): SieveError {
  return new SieveError('UNREADABLE', `${path} is not a Sieve dedup decision file (it may be from an older Sieve): start the job again with --force`)
}
