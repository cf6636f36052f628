import type { StaffDoc } from '../../domain/schemas';

/** A staff member of the test store whose PIN no test checks. */
export const staffMember = (id: string, role: StaffDoc['role']): StaffDoc => ({
  id,
  store_id: 'store-1',
  updated_at: '2025-01-01T00:00:00.000Z',
  name: id,
  role,
  pin_salt: '00',
  pin_hash: '',
  pin_iterations: 1,
  active: true,
});
