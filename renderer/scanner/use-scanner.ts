import { useEffect, useRef } from 'react';
import { createScanDetector } from './scan-detector';
import { lookUpCode } from './scan-lookup';
import type { LookupContext } from './scan-lookup';

/** Fields whose keys belong to what the cashier is typing; the search box reads its own scans. */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (!(target instanceof HTMLInputElement)) return false;
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(
    target.type,
  );
}

/**
 * Listens for keyboard-wedge scans on the whole window, so a scan lands in the cart with the
 * focus on a button, the cart or nowhere. Keys typed into a text field are left to the field:
 * a person typing a note is never taken for a scanner.
 */
export function useScanner(ctx: LookupContext): void {
  const latest = useRef(ctx);
  useEffect(() => {
    latest.current = ctx;
  });

  useEffect(() => {
    const detector = createScanDetector();
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey || isTextEntry(event.target)) {
        detector.reset();
        return;
      }
      const verdict = detector.key(event.key, event.timeStamp);
      if (verdict.kind !== 'scan') return;
      // The Enter must not also press whichever button has the focus.
      event.preventDefault();
      event.stopImmediatePropagation();
      void lookUpCode(latest.current, [verdict.code], true);
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, []);
}
