import { createStore } from 'zustand/vanilla'

/** What the user chose in the theme switch: follow the system, or always light or dark. */
export type ThemeChoice = 'system' | 'light' | 'dark'
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark']

/** Where the choice is remembered between sessions. */
export const THEME_STORAGE_KEY = 'sieve.theme'

/** A remembered choice; anything else (nothing stored, an old or edited value) follows the system. */
export function parseThemeChoice(stored: string | null): ThemeChoice {
  return THEME_CHOICES.find((choice) => choice === stored) ?? 'system'
}

/** The colours the window shows for a choice, given whether the system asks for dark. */
export function resolveTheme(choice: ThemeChoice, systemDark: boolean): 'light' | 'dark' {
  return choice === 'system' ? (systemDark ? 'dark' : 'light') : choice
}

/** The current choice; apart from the main store since only the switch and the root element read it. */
export const themeChoice = createStore<{ choice: ThemeChoice }>()(() => ({ choice: 'system' }))

function storage(): Storage | null {
  try {
    return window.localStorage
  } catch {
    // Storage can be refused (a locked-down profile): the switch still works for this session.
    return null
  }
}

/**
 * Reads the remembered choice and keeps `<html data-theme>` (which the style sheets key their colours on)
 * in step with it and, for "system", with the system's setting as it changes.
 */
export function installTheme(): void {
  const system = window.matchMedia('(prefers-color-scheme: dark)')
  const apply = (): void => {
    document.documentElement.dataset.theme = resolveTheme(themeChoice.getState().choice, system.matches)
  }
  themeChoice.setState({ choice: parseThemeChoice(storage()?.getItem(THEME_STORAGE_KEY) ?? null) })
  apply()
  system.addEventListener('change', apply)
  themeChoice.subscribe(apply)
}

export function chooseTheme(choice: ThemeChoice): void {
  storage()?.setItem(THEME_STORAGE_KEY, choice)
  themeChoice.setState({ choice })
}
