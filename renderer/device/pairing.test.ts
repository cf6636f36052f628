import { afterEach, describe, expect, it, vi } from 'vitest';
import { normaliseServerUrl, pairDevice, readPairingParams, withoutPairingParams } from './pairing';

afterEach(() => vi.unstubAllGlobals());

describe('pairing', () => {
  it('reads the server and code from the query and drops them afterwards', () => {
    expect(readPairingParams('?server=http%3A%2F%2F127.0.0.1%3A8787&pair=ABC123')).toEqual({
      server: 'http://127.0.0.1:8787',
      code: 'ABC123',
    });
    expect(readPairingParams('?server=x')).toBeNull();
    expect(withoutPairingParams('http://h/index.html?server=x&pair=y&keep=1#top')).toBe(
      'http://h/index.html?keep=1#top',
    );
  });

  it('accepts a bare host:port as the server address', () => {
    expect(normaliseServerUrl(' 127.0.0.1:8787/ ')).toBe('http://127.0.0.1:8787');
    expect(normaliseServerUrl('https://till.example')).toBe('https://till.example');
  });

  it('exchanges the code for the device credentials', async () => {
    const bodies: unknown[] = [];
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      bodies.push(JSON.parse(String(init.body)));
      return new Response(
        JSON.stringify({ device_id: 'dev-1', store_id: 'store-1', token: 't'.repeat(40) }),
      );
    });
    await expect(pairDevice('http://s:1/', 'ABCD12', 'Front till')).resolves.toEqual({
      serverUrl: 'http://s:1',
      deviceId: 'dev-1',
      storeId: 'store-1',
      token: 't'.repeat(40),
    });
    expect(bodies).toEqual([{ code: 'ABCD12', device_name: 'Front till' }]);
  });

  it('passes on a refused code with its error code', async () => {
    vi.stubGlobal(
      'fetch',
      async () =>
        new Response(
          JSON.stringify({ error: { code: 'PAIRING_CODE_INVALID', message: 'Unknown code.' } }),
          { status: 401 },
        ),
    );
    await expect(pairDevice('http://s:1', 'NOPE', 'Till')).rejects.toMatchObject({
      code: 'PAIRING_CODE_INVALID',
      message: 'Unknown code.',
    });
  });
});
