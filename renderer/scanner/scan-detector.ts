/*
 * Tells a keyboard-wedge scanner from a person. A scanner "types" its code in a burst, a few
 * milliseconds per key, then Enter; nobody types that fast. Pure: the caller passes each key
 * with its event time, so the rule is tested with synthetic timings.
 */

export interface ScanDetectorOptions {
  /** The median gap between the keys of one scan is at most this; a slower gap is "slow". */
  readonly maxGapMs: number;
  /** A pause this long ends whatever came before: no scanner pauses so long inside a code. */
  readonly breakGapMs: number;
  /** Shortest code a scan can carry; fewer keys before Enter is a person pressing Enter. */
  readonly minLength: number;
}

export const SCAN_DEFAULTS: ScanDetectorOptions = { maxGapMs: 30, breakGapMs: 200, minLength: 4 };

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

interface Typed {
  readonly key: string;
  /** Since the key before; Infinity for the first. */
  readonly gap: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Infinity;
}

/**
 * Where the burst ending the keys starts. A slow gap right after a fast one is the computer
 * stalling inside a burst and is kept; a slow gap after another slow one (a person typing) is
 * where the burst begins.
 */
function burstStart(keys: readonly Typed[], maxGapMs: number): number {
  const slow = (i: number) => (keys[i]?.gap ?? Infinity) > maxGapMs;
  for (let i = keys.length - 1; i > 0; i--) {
    if (slow(i) && slow(i - 1)) return i;
  }
  return 0;
}

export function createScanDetector(options: ScanDetectorOptions = SCAN_DEFAULTS): ScanDetector {
  let keys: Typed[] = [];
  let last = -Infinity;

  const reset = () => {
    keys = [];
    last = -Infinity;
  };

  return {
    reset,
    key(key, atMs) {
      if (MODIFIERS.has(key)) return NONE;
      const gap = atMs - last;
      if (key === 'Enter') {
        const burst = keys.slice(burstStart(keys, options.maxGapMs));
        const gaps = [...burst.slice(1).map((k) => k.gap), gap];
        const code = burst.map((k) => k.key).join('');
        reset();
        const quick = gap <= options.breakGapMs && median(gaps) <= options.maxGapMs;
        return quick && code.length >= options.minLength ? { kind: 'scan', code } : NONE;
      }
      if (key.length !== 1) {
        reset();
        return NONE;
      }
      if (gap > options.breakGapMs) keys = [];
      keys.push({ key, gap: keys.length === 0 ? Infinity : gap });
      last = atMs;
      return NONE;
    },
  };
}
