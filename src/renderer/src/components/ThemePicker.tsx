import { useState } from 'react';
import { isThemeChoice, readThemeChoice, saveThemeChoice, THEME_CHOICES, type ThemeChoice } from '../lib/theme';

const LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

/** Light, dark, or whatever the system uses; main.tsx applied the stored choice before the first render. */
export function ThemePicker() {
  const [choice, setChoice] = useState<ThemeChoice>(readThemeChoice);
  return (
    <div className="inline-field theme-picker">
      <label htmlFor="theme-choice">Theme</label>
      <select
        id="theme-choice"
        data-testid="theme-choice"
        value={choice}
        onChange={(event) => {
          const { value } = event.target;
          if (!isThemeChoice(value)) return;
          saveThemeChoice(value);
          setChoice(value);
        }}
      >
        {THEME_CHOICES.map((option) => (
          <option key={option} value={option}>
            {LABELS[option]}
          </option>
        ))}
      </select>
    </div>
  );
}
