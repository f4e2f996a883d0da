// Finds import cycles among src/ files, type-only imports included (ESLint's no-cycle skips those):
// every relative import is an edge, and each strongly connected group of files is one cycle.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'

const root = resolve(process.argv[2] ?? 'src')
const files = []
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) walk(path)
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) files.push(path)
  }
}
walk(root)

const candidates = (base) => [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]
const edges = new Map()
for (const file of files) {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
  const targets = importedFiles
    .filter((i) => i.fileName.startsWith('.'))
    .map((i) => candidates(resolve(dirname(file), i.fileName)).find((c) => existsSync(c)))
    .filter((t) => t !== undefined)
  edges.set(file, [...new Set(targets)])
}

// Tarjan's strongly connected components.
let index = 0
const stack = []
const state = new Map()
const cycles = []
const visit = (v) => {
  state.set(v, { index, low: index, onStack: true })
  index++
  stack.push(v)
  for (const w of edges.get(v) ?? []) {
    if (!state.has(w)) {
      visit(w)
      state.get(v).low = Math.min(state.get(v).low, state.get(w).low)
    } else if (state.get(w).onStack) state.get(v).low = Math.min(state.get(v).low, state.get(w).index)
  }
  if (state.get(v).low === state.get(v).index) {
    const group = []
    let w
    do {
      w = stack.pop()
      state.get(w).onStack = false
      group.push(w)
    } while (w !== v)
    if (group.length > 1 || (edges.get(v) ?? []).includes(v)) cycles.push(group)
  }
}
for (const file of files) if (!state.has(file)) visit(file)

for (const group of cycles) console.log(`import cycle: ${group.map((f) => relative(process.cwd(), f)).join(' <-> ')}`)
console.log(`${files.length} files, ${cycles.length} import cycle${cycles.length === 1 ? '' : 's'}`)
process.exit(cycles.length > 0 ? 1 : 0)
