// Autosave: the workspace in localStorage, so a reload keeps it. Skipped (not truncated) when it
// is over 1 MB, like a share link, and silently when storage is unavailable (private windows).

import type { Workspace } from '../state';
import { MAX_WORKSPACE_BYTES, asWorkspace } from './codec';

const KEY = 'asl-sandbox:workspace';
const THEME_KEY = 'asl-sandbox:theme';

export type SaveResult = 'saved' | 'too-large' | 'unavailable';

export function saveWorkspace(ws: Workspace, storage: Storage = localStorage): SaveResult {
  const json = JSON.stringify(ws);
  if (new TextEncoder().encode(json).length > MAX_WORKSPACE_BYTES) return 'too-large';
  try {
    storage.setItem(KEY, json);
    return 'saved';
  } catch {
    return 'unavailable';
  }
}

export function loadSavedWorkspace(storage: Storage = localStorage): Workspace | null {
  try {
    const json = storage.getItem(KEY);
    return json === null ? null : asWorkspace(JSON.parse(json));
  } catch {
    return null;
  }
}

export type Theme = 'light' | 'dark';

export function loadTheme(): Theme | null {
  try {
    const t = localStorage.getItem(THEME_KEY);
    return t === 'light' || t === 'dark' ? t : null;
  } catch {
    return null;
  }
}

export function saveTheme(theme: Theme): void {
  try {
    localStorage.setItem(THEME_KEY, theme);
  } catch {
    // Without storage the theme lasts for this page only.
  }
}
