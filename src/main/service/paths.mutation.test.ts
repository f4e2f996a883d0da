import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { rendererDir, resourcesDir } from './paths'

describe('where the shipped resources are', () => {
  it('a built bundle in out/main finds resources/ two levels up, the renderer beside it', () => {
    const bundle = join('/app', 'out', 'main')
    expect(resourcesDir(bundle)).toBe(join('/app', 'resources'))
    expect(rendererDir(bundle)).toBe(join('/app', 'out', 'renderer'))
  })

  it("a packaged app takes them from electron-builder's resources folder", () => {
    expect(resourcesDir(join('/app.asar', 'out', 'main'), join('/opt', 'Sieve', 'resources'))).toBe(join('/opt', 'Sieve', 'resources', 'resources'))
  })
})
