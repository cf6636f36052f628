import { describe, expect, it } from 'vitest';
import { DEFAULT_FAULTS, Faults, parseRandom, parseScripts, parseStep } from './faults';

describe('fault tokens', () => {
  it('reads kind, status, phase and hold time, with before as the default phase', () => {
    expect(parseStep('ok')).toBe('ok');
    expect(parseStep('error')).toEqual({ kind: 'error', status: 500, phase: 'before' });
    expect(parseStep('error:503:after')).toEqual({ kind: 'error', status: 503, phase: 'after' });
    expect(parseStep('timeout:after:250ms')).toEqual({
      kind: 'timeout',
      phase: 'after',
      holdMs: 250,
    });
    expect(parseStep('drop')).toEqual({ kind: 'drop', phase: 'before' });
  });

  it('refuses what it cannot read, naming the token', () => {
    expect(() => parseStep('error:404')).toThrow(/error:404/);
    expect(() => parseStep('explode')).toThrow(/explode/);
    expect(() => parseScripts('payment_intents.catch=ok')).toThrow(/payment_intents.catch/);
    expect(() => parseRandom('*=1.5:error')).toThrow(/fraction/);
    expect(() => parseRandom('*=0.5:ok')).toThrow(/cannot be "ok"/);
  });
});

describe('Faults.pick', () => {
  it("plays an endpoint's script first, then the * script, then nothing", () => {
    const faults = new Faults({
      ...DEFAULT_FAULTS,
      scripts: parseScripts('payment_intents.capture=error:503,ok,drop:after;*=error:502'),
    });
    const picks = Array.from({ length: 5 }, () => faults.pick('payment_intents.capture'));
    expect(picks).toEqual([
      { kind: 'error', status: 503, phase: 'before' },
      null,
      { kind: 'drop', phase: 'after' },
      { kind: 'error', status: 502, phase: 'before' },
      null,
    ]);
  });

  it('strikes a fraction of requests, the same ones for the same seed', () => {
    const settings = { ...DEFAULT_FAULTS, seed: 7, random: parseRandom('*=0.25:error:503') };
    const run = () => {
      const faults = new Faults(settings);
      return Array.from({ length: 400 }, () => faults.pick('refunds.create') !== null);
    };
    const first = run();
    expect(run()).toEqual(first);
    const struck = first.filter(Boolean).length;
    expect(struck).toBeGreaterThan(60);
    expect(struck).toBeLessThan(140);
  });
});
