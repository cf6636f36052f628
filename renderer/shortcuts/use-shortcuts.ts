import { useEffect, useRef } from 'react';
import { isTextEntry } from '../scanner/use-scanner';
import { matchShortcut, registerShortcuts, shortcutStore } from './registry';
import type { Shortcut } from './registry';

/**
 * Registers shortcuts while the calling component is mounted. The list may be rebuilt on every
 * render; a shortcut runs the latest `run` it was given.
 */
export function useShortcuts(list: readonly Shortcut[]): void {
  const latest = useRef(list);
  useEffect(() => {
    latest.current = list;
  });
  const signature = list.map((s) => `${s.id}:${s.keys.join(',')}:${s.description}`).join('|');
  useEffect(() => {
    const stable = latest.current.map((s): Shortcut => ({
      ...s,
      run: () => latest.current.find((l) => l.id === s.id)?.run(),
    }));
    return registerShortcuts(stable);
    // The signature stands for the list: re-register only when keys or descriptions change.
  }, [signature]);
}

/** The one window listener that dispatches key presses to the registry. Mount once. */
export function useShortcutKeys(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) return;
      const shortcut = matchShortcut(
        shortcutStore.getState().shortcuts,
        event.key,
        isTextEntry(event.target),
      );
      if (!shortcut) return;
      event.preventDefault();
      shortcut.run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
