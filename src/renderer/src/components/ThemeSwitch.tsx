import { useStore as useVanilla } from 'zustand'
import { chooseTheme, themeChoice, THEME_CHOICES, type ThemeChoice } from '../app/theme'

const LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' }

/** Light, dark, or as the system says; remembered for the next session. */
export function ThemeSwitch(): React.JSX.Element {
  const choice = useVanilla(themeChoice, (s) => s.choice)
  return (
    <label className="row small theme-switch">
      <span className="muted">Theme</span>
      <select className="compact" aria-label="Theme" value={choice} onChange={(e) => chooseTheme(e.target.value as ThemeChoice)}>
        {THEME_CHOICES.map((c) => (
          <option key={c} value={c}>
            {LABELS[c]}
          </option>
        ))}
      </select>
    </label>
  )
}
