import { createStore } from 'zustand/vanilla';

/*
 * The register's keyboard shortcuts, in one registry so the help dialog ("?" or F1) lists
 * exactly what works. A feature adds its own with `useShortcuts` (use-shortcuts.ts) from the
 * component that owns the action, e.g. parking a sale:
 *
 *   useShortcuts([{ id: 'park', keys: ['F6'], label: 'F6', description: 'Park the sale',
 *                   whileTyping: true, run: park }]);
 *
 * The shortcut is live while that component is mounted. Function keys should set
 * `whileTyping`; a plain character key never fires inside a text field whatever it says,
 * since the cashier is typing it.
 */

export interface Shortcut {
  /** Unique; registering the same id again replaces the earlier entry. */
  readonly id: string;
  /** KeyboardEvent.key values that trigger it. */
  readonly keys: readonly string[];
  /** How the help dialog names the keys, e.g. "F2" or "? or F1". */
  readonly label: string;
  readonly description: string;
  /** Fire even when the focus is in a text field. */
  readonly whileTyping: boolean;
  readonly run: () => void;
}

/** Character keys type text; only named keys (F1, Escape…) may act from inside a text field. */
const isCharacter = (key: string) => key.length === 1;

/** The shortcut a key press triggers: the most recently registered one wins a shared key. */
export function matchShortcut(
  shortcuts: readonly Shortcut[],
  key: string,
  typing: boolean,
): Shortcut | null {
  for (let i = shortcuts.length - 1; i >= 0; i--) {
    const s = shortcuts[i];
    if (!s || !s.keys.includes(key)) continue;
    if (typing && (!s.whileTyping || isCharacter(key))) continue;
    return s;
  }
  return null;
}

export const shortcutStore = createStore<{ readonly shortcuts: readonly Shortcut[] }>()(() => ({
  shortcuts: [],
}));

/** Adds shortcuts (replacing any with the same ids); the returned function removes them. */
export function registerShortcuts(list: readonly Shortcut[]): () => void {
  const ids = new Set(list.map((s) => s.id));
  shortcutStore.setState(({ shortcuts }) => ({
    shortcuts: [...shortcuts.filter((s) => !ids.has(s.id)), ...list],
  }));
  return () =>
    shortcutStore.setState(({ shortcuts }) => ({
      shortcuts: shortcuts.filter((s) => !list.includes(s)),
    }));
}
