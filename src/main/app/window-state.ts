import { readFileSync, writeFileSync, renameSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'

export interface WindowBounds {
  width: number
  height: number
  x?: number
  y?: number
}

export interface WindowState extends WindowBounds {
  maximized: boolean
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 820, maximized: false }

function isValid(value: unknown): value is WindowState {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  const finite = (n: unknown): boolean => typeof n === 'number' && Number.isFinite(n)
  return (
    finite(v.width) &&
    finite(v.height) &&
    (v.width as number) >= 400 &&
    (v.height as number) >= 300 &&
    (v.x === undefined || finite(v.x)) &&
    (v.y === undefined || finite(v.y)) &&
    typeof v.maximized === 'boolean'
  )
}

/** The window's last size and place; defaults when the file is missing or damaged. */
export function loadWindowState(file: string): WindowState {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'))
    return isValid(parsed) ? parsed : DEFAULT_WINDOW_STATE
  } catch {
    return DEFAULT_WINDOW_STATE
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true })
  const temp = `${file}.tmp`
  writeFileSync(temp, JSON.stringify(state))
  renameSync(temp, file)
}
