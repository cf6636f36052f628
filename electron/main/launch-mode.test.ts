import { describe, expect, it } from 'vitest';
import { launchMode } from './launch-mode';

describe('launch mode', () => {
  it('is the register unless started with --serve', () => {
    expect(launchMode(['/opt/OpenTill/opentill'])).toBe('register');
    expect(launchMode(['/opt/OpenTill/opentill', '--serve'])).toBe('server');
  });
});
