/**
 * Exact n-gram frequencies over a sequence of integers (code points, or word ids), for the
 * repetition filters. An open-addressing table keyed by a rolling hash finds the slot, and every
 * hit is confirmed by comparing the n-gram itself, so hash collisions can never merge two
 * different n-grams: the counts are exactly those of a dict keyed by the n-gram.
 */

const B1 = 0x01000193
const B2 = 0x5bd1e995

function mix(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  return h
}

/** Scratch tables reused from call to call (they only grow), so short texts allocate nothing. */
let slotEntryBuf = new Int32Array(0)
let slotHashBuf = new Int32Array(0)
let entryStartBuf = new Int32Array(0)

/**
 * How often each distinct n-gram of `seq` occurs (in order of first occurrence); empty when seq is
 * shorter than n. The result is a view of a fresh array only as long as the number of distinct n-grams.
 */
export function ngramCounts(seq: Int32Array, n: number): Int32Array {
  const total = seq.length - n + 1
  if (total <= 0 || n <= 0) return new Int32Array(0)
  let capacity = 16
  while (capacity < total * 2) capacity *= 2
  if (slotEntryBuf.length < capacity) {
    slotEntryBuf = new Int32Array(capacity)
    slotHashBuf = new Int32Array(capacity)
  }
  if (entryStartBuf.length < total) entryStartBuf = new Int32Array(Math.max(total, entryStartBuf.length * 2))
  const mask = capacity - 1
  const slotEntry = slotEntryBuf
  const slotHash = slotHashBuf
  const entryStart = entryStartBuf
  slotEntry.fill(-1, 0, capacity)
  const entryCount = new Int32Array(total)
  let entries = 0

  // B^(n-1), to take the outgoing element off the rolling hashes.
  let p1 = 1
  let p2 = 1
  for (let j = 1; j < n; j++) {
    p1 = Math.imul(p1, B1)
    p2 = Math.imul(p2, B2)
  }
  let h1 = 0
  let h2 = 0
  for (let j = 0; j < n; j++) {
    h1 = (Math.imul(h1, B1) + seq[j]!) | 0
    h2 = (Math.imul(h2, B2) + seq[j]!) | 0
  }

  for (let i = 0; i < total; i++) {
    if (i > 0) {
      const out = seq[i - 1]!
      const incoming = seq[i + n - 1]!
      h1 = (Math.imul((h1 - Math.imul(out, p1)) | 0, B1) + incoming) | 0
      h2 = (Math.imul((h2 - Math.imul(out, p2)) | 0, B2) + incoming) | 0
    }
    let slot = mix(h1) & mask
    for (;;) {
      const e = slotEntry[slot]!
      if (e === -1) {
        slotEntry[slot] = entries
        slotHash[slot] = h2
        entryStart[entries] = i
        entryCount[entries] = 1
        entries++
        break
      }
      if (slotHash[slot] === h2) {
        const s = entryStart[e]!
        let same = true
        for (let j = 0; j < n; j++)
          if (seq[s + j] !== seq[i + j]) {
            same = false
            break
          }
        if (same) {
          entryCount[e]!++
          break
        }
      }
      slot = (slot + 1) & mask
    }
  }
  return entryCount.subarray(0, entries)
}

/** The text's code points (a lone surrogate is one), as Python indexes a str. */
export function codePoints(text: string): Int32Array {
  const out = new Int32Array(text.length)
  let count = 0
  const n = text.length
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = text.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000
        i++
      }
    }
    out[count++] = c
  }
  return count === n ? out : out.subarray(0, count)
}
