/**
 * Union-find over the rows that collided, named by their position over the whole dataset: rows
 * that never collide take no room. Typed arrays, 36 to 72 bytes per row held (`bytesAt`). A
 * cluster's root is always its smallest position, so the row kept is the first of its cluster in
 * input order.
 */
export class SparseUnionFind {
  /** Hash slots: the position held there (-1: empty) and its node. */
  private slotPositions: Float64Array
  private slotNodes: Int32Array
  private bits: number
  private positions = new Float64Array(64)
  private parent = new Int32Array(64)
  private count = 0

  constructor() {
    this.bits = 7
    this.slotPositions = new Float64Array(1 << this.bits).fill(-1)
    this.slotNodes = new Int32Array(1 << this.bits)
  }

  /** Rows held. */
  get size(): number {
    return this.count
  }

  /** Bytes its arrays take. */
  get bytes(): number {
    return this.slotPositions.byteLength + this.slotNodes.byteLength + this.positions.byteLength + this.parent.byteLength
  }

  /** Bytes its arrays would take holding `rows` rows. */
  bytesAt(rows: number): number {
    let capacity = this.positions.length
    while (capacity < rows) capacity *= 2
    let slots = 1 << this.bits
    while (rows * 2 > slots) slots *= 2
    return 12 * capacity + 12 * slots
  }

  union(a: number, b: number): void {
    const ra = this.find(this.node(a))
    const rb = this.find(this.node(b))
    if (ra === rb) return
    if (this.positions[ra]! < this.positions[rb]!) this.parent[rb] = ra
    else this.parent[ra] = rb
  }

  /** Calls `visit` with every position held that is not the first of its cluster. */
  forEachNonRoot(visit: (position: number) => void): void {
    for (let n = 0; n < this.count; n++) if (this.find(n) !== n) visit(this.positions[n]!)
  }

  /** The first position of a held position's cluster. */
  rootOf(position: number): number {
    return this.positions[this.find(this.node(position))]!
  }

  private find(n: number): number {
    while (this.parent[n] !== n) {
      const grand = this.parent[this.parent[n]!]!
      this.parent[n] = grand
      n = grand
    }
    return n
  }

  private slot(position: number): number {
    const mask = (1 << this.bits) - 1
    let s = Math.imul((position >>> 0) ^ Math.floor(position / 0x100000000), 0x9e3779b1) >>> (32 - this.bits)
    while (this.slotPositions[s] !== -1 && this.slotPositions[s] !== position) s = (s + 1) & mask
    return s
  }

  /** The node of a position, added as its own cluster when new. */
  private node(position: number): number {
    const s = this.slot(position)
    if (this.slotPositions[s] === position) return this.slotNodes[s]!
    const n = this.count++
    if (n === this.positions.length) {
      this.positions = grow(this.positions, new Float64Array(n * 2))
      this.parent = grow(this.parent, new Int32Array(n * 2))
    }
    this.positions[n] = position
    this.parent[n] = n
    this.slotPositions[s] = position
    this.slotNodes[s] = n
    // Past half full, probing slows: twice the slots, every position placed again.
    if (this.count * 2 > 1 << this.bits) this.rehash()
    return n
  }

  private rehash(): void {
    this.bits++
    this.slotPositions = new Float64Array(1 << this.bits).fill(-1)
    this.slotNodes = new Int32Array(1 << this.bits)
    for (let n = 0; n < this.count; n++) {
      const s = this.slot(this.positions[n]!)
      this.slotPositions[s] = this.positions[n]!
      this.slotNodes[s] = n
    }
  }
}

function grow<T extends Float64Array | Int32Array>(from: T, to: T): T {
  to.set(from)
  return to
}
