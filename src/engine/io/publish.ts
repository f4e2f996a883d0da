import { open } from 'node:fs/promises'

/** Makes a rename inside `dir` durable: without it a crash can forget the new name. */
export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
