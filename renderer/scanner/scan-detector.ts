/*
 * Tells a keyboard-wedge scanner from a person. A scanner "types" its code in a burst, a few
 * milliseconds per key, then Enter; nobody types that fast. Pure: the caller passes each key
 * with its event time, so the rule is tested with synthetic timings.
 */

export interface ScanDetectorOptions {
  /** Longest gap between two keys of one scan. */
  readonly maxGapMs: number;
  /** Shortest code a scan can carry; fewer keys before Enter is a person pressing Enter. */
  readonly minLength: number;
}

export const SCAN_DEFAULTS: ScanDetectorOptions = { maxGapMs: 30, minLength: 4 };

export type ScanVerdict =
  /** Not (yet) a scan: let the key do what it normally does. */
  | { readonly kind: 'none' }
  /** This Enter ended a scan of `code`; the caller should swallow it. */
  | { readonly kind: 'scan'; readonly code: string };

export interface ScanDetector {
  key(key: string, atMs: number): ScanVerdict;
  reset(): void;
}

/** Modifier keys arrive between characters (Shift for capitals) and are not part of a code. */
const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'CapsLock', 'AltGraph']);
const NONE: ScanVerdict = { kind: 'none' };

export function createScanDetector(options: ScanDetectorOptions = SCAN_DEFAULTS): ScanDetector {
  let buffer = '';
  let last = -Infinity;

  const reset = () => {
    buffer = '';
    last = -Infinity;
  };

  return {
    reset,
    key(key, atMs) {
      if (MODIFIERS.has(key)) return NONE;
      const quick = atMs - last <= options.maxGapMs;
      if (key === 'Enter') {
        const code = buffer;
        reset();
        return quick && code.length >= options.minLength ? { kind: 'scan', code } : NONE;
      }
      if (key.length !== 1) {
        reset();
        return NONE;
      }
      // A slow key starts a new candidate: it may be the first key of a scan.
      buffer = quick ? buffer + key : key;
      last = atMs;
      return NONE;
    },
  };
}
