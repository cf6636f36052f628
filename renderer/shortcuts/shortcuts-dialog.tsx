import { useEffect, useRef } from 'react';
import { useStore as useZustand } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { shortcutStore } from './registry';

export const shortcutsHelpStore = createStore<{ readonly open: boolean }>()(() => ({
  open: false,
}));
export const openShortcutsHelp = () => shortcutsHelpStore.setState({ open: true });
export const closeShortcutsHelp = () => shortcutsHelpStore.setState({ open: false });

export function ShortcutsDialog() {
  const open = useZustand(shortcutsHelpStore, (s) => s.open);
  const shortcuts = useZustand(shortcutStore, (s) => s.shortcuts);
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) close.current?.focus();
  }, [open]);
  if (!open) return null;
  return (
    <div className="overlay">
      <div role="dialog" aria-modal="true" aria-labelledby="shortcuts-heading" className="dialog">
        <h2 id="shortcuts-heading">Keyboard shortcuts</h2>
        <dl className="shortcut-list" aria-label="Shortcuts">
          {shortcuts.map((s) => (
            <div key={s.id}>
              <dt>
                <kbd>{s.label}</kbd>
              </dt>
              <dd>{s.description}</dd>
            </div>
          ))}
        </dl>
        <div className="actions">
          <button ref={close} type="button" onClick={closeShortcutsHelp}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
