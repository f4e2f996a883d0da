import { createStore } from 'zustand/vanilla'

/** Whether the shortcut list is shown; apart from the main store since nothing else depends on it. */
export const shortcutHelp = createStore<{ open: boolean }>()(() => ({ open: false }))
