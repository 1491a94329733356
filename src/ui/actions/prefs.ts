/** Preferences: theme and projector mode, applied to <html> and kept in localStorage. */
import { getApp, savePrefs, setApp, type Prefs } from '../state/store';

/** Applies preferences to the document (data-theme, data-projector). */
export function applyPrefsToDocument(p: Prefs = getApp().prefs): void {
  const root = document.documentElement;
  root.dataset.theme = p.theme;
  root.dataset.projector = p.projector ? 'on' : 'off';
  root.style.colorScheme = p.theme;
}

/** Changes preferences. */
export function setPrefs(patch: Partial<Prefs>): void {
  const prefs = { ...getApp().prefs, ...patch };
  setApp({ prefs });
  savePrefs(prefs);
  applyPrefsToDocument(prefs);
}

/** Dark <-> light. */
export function toggleTheme(): void {
  setPrefs({ theme: getApp().prefs.theme === 'dark' ? 'light' : 'dark' });
}

/** Large text on/off. */
export function toggleProjector(): void {
  setPrefs({ projector: !getApp().prefs.projector });
}
