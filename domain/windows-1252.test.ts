import { describe, expect, it } from 'vitest';
import { toWindows1252 } from './windows-1252';

describe('Windows-1252', () => {
  it('keeps Latin-1, maps the euro sign, turns Intl spaces into spaces and the rest into ?', () => {
    expect(toWindows1252('Café 1\u202f234,50\u00a0€ ✓')).toBe('Café 1 234,50 \x80 ?');
  });

  it('prints a receipt’s true minus as a hyphen', () => {
    expect(toWindows1252('−$0.60')).toBe('-$0.60');
  });
});
