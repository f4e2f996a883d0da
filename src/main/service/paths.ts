import { join } from 'node:path'

/**
 * Where the shipped resources are. Built bundles live in out/main, two levels below the project
 * (or the app.asar) root; a packaged app gets them from electron-builder's extraResources.
 */
export function resourcesDir(bundleDir: string, packagedResourcesPath?: string): string {
  return packagedResourcesPath !== undefined ? join(packagedResourcesPath, 'resources') : join(bundleDir, '..', '..', 'resources')
}

export function rendererDir(bundleDir: string): string {
  return join(bundleDir, '..', 'renderer')
}
