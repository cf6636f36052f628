import { describe, expect, it } from 'vitest';
import { verifyPin } from '../../../domain/pin';
import { StaffDoc } from '../../../domain/schemas';
import { testBackends } from '../../../test/server-support/databases';
import { useStoreRig } from '../../../test/server-support/rigs';
import { ADMIN_HEADERS, pullEveryDocument } from '../../../test/server-support/fixtures';

describe.each(testBackends())('staff administration on $name', (backend) => {
  const rig = useStoreRig(backend, { label: 'staff', products: 1 });

  const staff = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', path = '', payload?: object) =>
    rig.app.inject({
      method,
      url: `/api/admin/stores/${rig.storeId}/staff${path}`,
      headers: ADMIN_HEADERS,
      ...(payload ? { payload } : {}),
    });

  const replicated = async (id: string) => {
    const pulled = await pullEveryDocument(
      rig.app,
      rig.db,
      rig.device.headers,
      rig.storeId,
      'staff',
    );
    const doc = pulled.find((d) => d.id === id);
    return doc ? StaffDoc.parse(doc) : undefined;
  };

  it('creates staff whose PIN a register verifies offline from the replicated document', async () => {
    const created = await staff('POST', '', { name: 'Jo Rivera', role: 'cashier', pin: '4821' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.body).not.toContain('4821');
    expect(created.body).not.toContain('pin');
    const { id } = created.json<{ id: string }>();

    const doc = await replicated(id);
    expect(doc).toMatchObject({ name: 'Jo Rivera', role: 'cashier', active: true });
    expect(await verifyPin('4821', doc ?? { pin_salt: '', pin_hash: '', pin_iterations: 1 })).toBe(
      true,
    );
    expect(await verifyPin('4822', doc ?? { pin_salt: '', pin_hash: '', pin_iterations: 1 })).toBe(
      false,
    );
    const listed = await staff('GET');
    expect(listed.json<{ staff: { id: string }[] }>().staff.map((s) => s.id)).toContain(id);
  });

  it('changes role, name and PIN, and deactivates, each reaching the registers', async () => {
    const { id } = (
      await staff('POST', '', { name: 'Sam Lee', role: 'cashier', pin: '1111' })
    ).json<{
      id: string;
    }>();
    const promoted = await staff('PATCH', `/${id}`, { role: 'manager', name: 'Sam K. Lee' });
    expect(promoted.json()).toMatchObject({ role: 'manager', name: 'Sam K. Lee', active: true });

    const repinned = await staff('PUT', `/${id}/pin`, { pin: '987654' });
    expect(repinned.statusCode).toBe(200);
    expect(repinned.body).not.toContain('987654');
    const doc = await replicated(id);
    expect(doc).toMatchObject({ role: 'manager', name: 'Sam K. Lee' });
    expect(
      await verifyPin('987654', doc ?? { pin_salt: '', pin_hash: '', pin_iterations: 1 }),
    ).toBe(true);
    expect(await verifyPin('1111', doc ?? { pin_salt: '', pin_hash: '', pin_iterations: 1 })).toBe(
      false,
    );

    const deactivated = await staff('POST', `/${id}/deactivate`);
    expect(deactivated.json()).toMatchObject({ active: false });
    expect((await replicated(id))?.active).toBe(false);
    const { rows } = await rig.db.query<{ role: string; active: boolean }>(
      'select role, active from staff where store_id = $1 and id = $2',
      [rig.storeId, id],
    );
    expect(rows).toEqual([{ role: 'manager', active: false }]);
  });

  it('refuses a PIN that is not 4 to 6 digits, naming the field without echoing it', async () => {
    for (const pin of ['123', '1234567', '12a4']) {
      const response = await staff('POST', '', { name: 'Bad Pin', role: 'cashier', pin });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        error: { code: 'INVALID_INPUT', details: { 'body.pin': 'must be 4 to 6 digits' } },
      });
      expect(response.body).not.toContain(`"${pin}"`);
    }
    const role = await staff('POST', '', { name: 'Bad Role', role: 'owner', pin: '1234' });
    expect(role.json()).toMatchObject({ error: { details: { 'body.role': expect.any(String) } } });
    const missing = await staff('PATCH', '/no-such-staff', { active: false });
    expect(missing.statusCode).toBe(404);
  });
});
