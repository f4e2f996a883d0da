import { pathOfDroppedFile } from './api/client'
import type { UploadItem } from './features/dataset/dataset-actions'

export type DroppedItems = { kind: 'paths'; paths: string[] } | { kind: 'uploads'; items: UploadItem[] }

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject))
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject))
}

async function walk(entry: FileSystemEntry, out: UploadItem[]): Promise<void> {
  if (entry.isFile) {
    const file = await fileOf(entry as FileSystemFileEntry)
    out.push({ file, relativePath: entry.fullPath.replace(/^\/+/, '') })
    return
  }
  if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader()
    // readEntries answers in batches; an empty batch means the folder is done.
    for (;;) {
      const batch = await readEntries(reader)
      if (batch.length === 0) break
      for (const child of batch) await walk(child, out)
    }
  }
}

/**
 * What a drop holds. In Electron every dropped file or folder has a path on disk. In a browser
 * the bytes must be uploaded, and a dropped folder is walked so its structure is kept.
 * The DataTransfer is read synchronously: its items are gone once the drop handler returns.
 */
export function collectDrop(dataTransfer: DataTransfer): () => Promise<DroppedItems> {
  const files = [...dataTransfer.files]
  const entries = [...dataTransfer.items].map((item) => (item.kind === 'file' ? item.webkitGetAsEntry() : null))
  return async () => {
    const paths = files.map(pathOfDroppedFile)
    if (files.length > 0 && paths.every((p) => p !== undefined)) return { kind: 'paths', paths: paths as string[] }
    const items: UploadItem[] = []
    for (const [i, file] of files.entries()) {
      const entry = entries[i]
      if (entry?.isDirectory === true) await walk(entry, items)
      else items.push({ file, relativePath: file.name })
    }
    return { kind: 'uploads', items }
  }
}
