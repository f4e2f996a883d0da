// Draws resources/icon.png (512×512): a rounded square with a grid of holes, a sieve seen from above.
// Run: node scripts/make-icon.mjs
import { writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const SIZE = 512
const root = join(dirname(fileURLToPath(import.meta.url)), '..')

function crc32(bytes) {
  let c = ~0
  for (const b of bytes) {
    c ^= b
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1))
  }
  return ~c >>> 0
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length)
  out.writeUInt32BE(data.length, 0)
  out.write(type, 4, 'ascii')
  data.copy(out, 8)
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length)
  return out
}

/** Coverage of a pixel by a shape, sampled 4×4 for smooth edges. */
function coverage(x, y, inside) {
  let n = 0
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (inside(x + (i + 0.5) / 4, y + (j + 0.5) / 4)) n++
  return n / 16
}

const margin = 32
const radius = 96
function inRoundedSquare(x, y) {
  const lo = margin + radius
  const hi = SIZE - margin - radius
  const cx = Math.min(Math.max(x, lo), hi)
  const cy = Math.min(Math.max(y, lo), hi)
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2
}
const pitch = 64
const hole = 17
function inHole(x, y) {
  const gx = Math.round((x - 96) / pitch)
  const gy = Math.round((y - 96) / pitch)
  if (gx < 0 || gy < 0 || gx > 5 || gy > 5) return false
  return (x - (96 + gx * pitch)) ** 2 + (y - (96 + gy * pitch)) ** 2 <= hole ** 2
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1))
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0
  for (let x = 0; x < SIZE; x++) {
    const body = coverage(x, y, inRoundedSquare)
    const h = coverage(x, y, inHole)
    const t = y / SIZE
    const o = y * (SIZE * 4 + 1) + 1 + x * 4
    raw[o] = Math.round(47 + (30 - 47) * t)
    raw[o + 1] = Math.round(111 + (80 - 111) * t)
    raw[o + 2] = Math.round(219 + (180 - 219) * t)
    raw[o + 3] = Math.round(255 * body * (1 - 0.85 * h))
  }
}
const header = Buffer.alloc(13)
header.writeUInt32BE(SIZE, 0)
header.writeUInt32BE(SIZE, 4)
header[8] = 8
header[9] = 6
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0))
])
writeFileSync(join(root, 'resources', 'icon.png'), png)
console.log(`wrote resources/icon.png (${png.length} bytes)`)
