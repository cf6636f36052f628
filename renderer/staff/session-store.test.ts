import { describe, expect, it } from 'vitest';
import type { StaffDoc } from '../../domain/schemas';
import { session, signedInStaff, useStaffSession } from './session-store';

const casey = { id: 'casey', name: 'Casey', role: 'cashier' } as StaffDoc;

describe('staff session', () => {
  it('lock offers the same cashier again; switching offers nobody', () => {
    session.signedIn(casey);
    expect(signedInStaff()).toBe(casey);
    session.lock();
    expect(signedInStaff()).toBeNull();
    expect(useStaffSession.getState().lastStaffId).toBe('casey');
    session.signedIn(casey);
    session.switchCashier();
    expect(useStaffSession.getState()).toMatchObject({ staff: null, lastStaffId: null });
  });
});
