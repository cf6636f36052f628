import { describe, expect, it } from 'vitest';
import { createScanDetector } from './scan-detector';

/** Feeds keys at fixed gaps and returns the verdict of the last one. */
function feed(keys: readonly string[], gapMs: number, start = 1000) {
  const detector = createScanDetector();
  const verdicts = keys.map((k, i) => detector.key(k, start + i * gapMs));
  return verdicts;
}

const chars = (s: string) => [...s];

describe('scan detector', () => {
  it('reads a fast burst ending in Enter as a scan of those characters', () => {
    const verdicts = feed([...chars('4006381333931'), 'Enter'], 8);
    expect(verdicts.at(-1)).toEqual({ kind: 'scan', code: '4006381333931' });
    expect(verdicts.slice(0, -1).every((v) => v.kind === 'none')).toBe(true);
  });

  it('leaves a person typing a note alone, even one who presses Enter', () => {
    expect(feed([...chars('please gift wrap'), 'Enter'], 120).at(-1)).toEqual({ kind: 'none' });
  });

  it('does not count a slow Enter after a fast burst (a fast typist, then a pause)', () => {
    const detector = createScanDetector();
    chars('abcdef').forEach((k, i) => detector.key(k, i * 10));
    expect(detector.key('Enter', 500)).toEqual({ kind: 'none' });
  });

  it('starts afresh when a scan follows slow typing', () => {
    const detector = createScanDetector();
    chars('hi').forEach((k, i) => detector.key(k, i * 200));
    chars('12345678').forEach((k, i) => detector.key(k, 2000 + i * 5));
    expect(detector.key('Enter', 2045)).toEqual({ kind: 'scan', code: '12345678' });
  });

  it('keeps a scan whole through a short stall of the computer mid-burst', () => {
    const detector = createScanDetector();
    const times = chars('4006381333931').map((_, i) => 1000 + i * 5 + (i >= 7 ? 120 : 0));
    chars('4006381333931').forEach((k, i) => detector.key(k, times[i] ?? 0));
    expect(detector.key('Enter', (times.at(-1) ?? 0) + 5)).toEqual({
      kind: 'scan',
      code: '4006381333931',
    });
  });

  it('reads only the scan when it follows typing straight away', () => {
    const detector = createScanDetector();
    chars('NOPE-1').forEach((k, i) => detector.key(k, i * 80));
    chars('4006381333931').forEach((k, i) => detector.key(k, 480 + i * 5));
    expect(detector.key('Enter', 545)).toEqual({ kind: 'scan', code: '4006381333931' });
  });

  it('ignores Shift between characters, so capitals scan', () => {
    const detector = createScanDetector();
    const keys = ['Shift', 'S', 'Shift', 'K', 'U', '-', '0', '1', 'Enter'];
    const verdicts = keys.map((k, i) => detector.key(k, i * 4));
    expect(verdicts.at(-1)).toEqual({ kind: 'scan', code: 'SKU-01' });
  });

  it('needs a few characters: a quick double Enter or a short burst is not a scan', () => {
    expect(feed(['1', '2', 'Enter'], 5).at(-1)).toEqual({ kind: 'none' });
    expect(feed(['Enter', 'Enter'], 5).at(-1)).toEqual({ kind: 'none' });
  });

  it('drops the burst when a non-character key such as an arrow interrupts it', () => {
    expect(feed([...chars('1234'), 'ArrowLeft', ...chars('56'), 'Enter'], 5).at(-1)).toEqual({
      kind: 'none',
    });
  });

  it('forgets a scan once reported, so the next one starts clean', () => {
    const detector = createScanDetector();
    chars('1111').forEach((k, i) => detector.key(k, i * 5));
    expect(detector.key('Enter', 20)).toEqual({ kind: 'scan', code: '1111' });
    chars('2222').forEach((k, i) => detector.key(k, 25 + i * 5));
    expect(detector.key('Enter', 45)).toEqual({ kind: 'scan', code: '2222' });
  });
});
