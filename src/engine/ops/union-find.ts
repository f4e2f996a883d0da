/**
 * Union-find over row positions where a cluster's root is always its smallest member: the row a
 * deduplicator keeps is the first of its cluster in input order.
 */
export class UnionFind {
  private readonly parent: number[] = []

  /** Adds the next position and returns it. */
  add(): number {
    const position = this.parent.length
    this.parent.push(position)
    return position
  }

  get size(): number {
    return this.parent.length
  }

  find(x: number): number {
    let root = x
    while (this.parent[root] !== root) root = this.parent[root]!
    while (this.parent[x] !== root) {
      const next = this.parent[x]!
      this.parent[x] = root
      x = next
    }
    return root
  }

  union(a: number, b: number): void {
    const ra = this.find(a)
    const rb = this.find(b)
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb)
  }

  /** Every position that is not the first of its cluster. */
  nonRoots(): number[] {
    const out: number[] = []
    for (let i = 0; i < this.parent.length; i++) if (this.find(i) !== i) out.push(i)
    return out
  }
}
