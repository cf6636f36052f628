import { useEffect, useRef } from 'react';
import { useStore as useZustand } from 'zustand';
import { shortcutStore } from './registry';
import { screenStore } from '../ui/screen-store';

export const openShortcutsHelp = () => screenStore.setState({ shortcutsHelpOpen: true });
export const closeShortcutsHelp = () => screenStore.setState({ shortcutsHelpOpen: false });

export function ShortcutsDialog() {
  const open = useZustand(screenStore, (s) => s.shortcutsHelpOpen);
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
