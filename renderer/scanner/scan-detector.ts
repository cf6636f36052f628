/*
 * Tells a keyboard-wedge scanner from a person. A scanner "types" its code in a burst, a few
 * milliseconds per key, then Enter; nobody types that fast. Pure: the caller passes each key
 * with its event time, so the rule is tested with synthetic timings.
 */

export interface ScanDetectorOptions {
  /** The median gap between the keys of one scan is at most this. */
  readonly maxGapMs: number;
  /**
   * A pause this long starts a new candidate. Shorter pauses inside a burst are the computer
   * stalling, not the scanner: the median ignores them, so the scan is not cut in two.
   */
  readonly breakGapMs: number;
  /** Shortest code a scan can carry; fewer keys before Enter is a person pressing Enter. */
  readonly minLength: number;
}

export const SCAN_DEFAULTS: ScanDetectorOptions = { maxGapMs: 30, breakGapMs: 150, minLength: 4 };

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

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Infinity;
}

export function createScanDetector(options: ScanDetectorOptions = SCAN_DEFAULTS): ScanDetector {
  let buffer = '';
  let gaps: number[] = [];
  let last = -Infinity;

  const reset = () => {
    buffer = '';
    gaps = [];
    last = -Infinity;
  };

  return {
    reset,
    key(key, atMs) {
      if (MODIFIERS.has(key)) return NONE;
      const gap = atMs - last;
      if (key === 'Enter') {
        const code = buffer;
        const quick = gap <= options.breakGapMs && median([...gaps, gap]) <= options.maxGapMs;
        reset();
        return quick && code.length >= options.minLength ? { kind: 'scan', code } : NONE;
      }
      if (key.length !== 1) {
        reset();
        return NONE;
      }
      // A long pause starts a new candidate: this key may be the first of a scan.
      if (gap > options.breakGapMs) {
        buffer = key;
        gaps = [];
      } else {
        buffer += key;
        gaps.push(gap);
      }
      last = atMs;
      return NONE;
    },
  };
}
