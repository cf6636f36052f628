import { describe, expect, it } from 'vitest';
import { DEFAULT_STORE_SETTINGS, StoreDoc } from '../../../domain/schemas';
import { testBackends } from '../../../test/server-support/databases';
import { useStoreRig } from '../../../test/server-support/rigs';
import { ADMIN_HEADERS, pullEveryDocument } from '../../../test/server-support/fixtures';

describe.each(testBackends())('store settings administration on $name', (backend) => {
  const rig = useStoreRig(backend, { label: 'settings', products: 1 });

  const settings = (method: 'GET' | 'PATCH', payload?: object, storeId = rig.storeId) =>
    rig.app.inject({
      method,
      url: `/api/admin/stores/${storeId}/settings`,
      headers: ADMIN_HEADERS,
      ...(payload ? { payload } : {}),
    });

  const replicated = async () => {
    const pulled = await pullEveryDocument(
      rig.app,
      rig.db,
      rig.device.headers,
      rig.storeId,
      'stores',
    );
    return StoreDoc.parse(pulled.find((d) => d.id === rig.storeId)).settings;
  };

  it('changes the return settings and leaves the others, and the registers pull them', async () => {
    expect((await settings('GET')).json()).toEqual(DEFAULT_STORE_SETTINGS);
    const changed = await settings('PATCH', {
      return_reasons: ['Faulty', 'Unwanted'],
      return_approval_from: 2_500,
      unreceipted_return_limit: 0,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const expected = {
      ...DEFAULT_STORE_SETTINGS,
      return_reasons: ['Faulty', 'Unwanted'],
      return_approval_from: 2_500,
      unreceipted_return_limit: 0,
    };
    expect(changed.json()).toEqual(expected);
    expect(await replicated()).toEqual(expected);
  });

  it('refuses an unknown setting or a bad value, naming it, and changes nothing', async () => {
    const before = (await settings('GET')).json<object>();
    for (const payload of [{ return_reasons: [] }, { returns_window_days: 0 }, { colour: 'red' }]) {
      const refused = await settings('PATCH', payload);
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    }
    expect((await settings('GET')).json()).toEqual(before);
    expect((await settings('GET', undefined, 'no-such-store')).statusCode).toBe(404);
  });
});
