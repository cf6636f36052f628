import { create } from 'zustand';
import type { StaffDoc } from '../../domain/schemas';

/*
 * Who is at the register. Kept in memory only: a reload asks for a PIN again, while the cart
 * (its own local document) stays. `lastActivity` drives the idle lock.
 */
export interface StaffSession {
  readonly staff: StaffDoc | null;
  /** Preselected on the sign-in screen after a lock, so the same cashier just types the PIN. */
  readonly lastStaffId: string | null;
  readonly lastActivity: number;
}

export const useStaffSession = create<StaffSession>()(() => ({
  staff: null,
  lastStaffId: null,
  lastActivity: Date.now(),
}));

const set = useStaffSession.setState;

export const session = {
  signedIn(staff: StaffDoc) {
    set({ staff, lastStaffId: staff.id, lastActivity: Date.now() });
  },
  /** Locks the register; the same staff member is offered first on the sign-in screen. */
  lock() {
    set((s) => ({ staff: null, lastStaffId: s.staff?.id ?? s.lastStaffId }));
  },
  /** Locks and offers nobody first: another cashier takes over. */
  switchCashier() {
    set({ staff: null, lastStaffId: null });
  },
  touch(now = Date.now()) {
    set({ lastActivity: now });
  },
};

/** The signed-in staff member, for code outside React (the approval flow). */
export const signedInStaff = (): StaffDoc | null => useStaffSession.getState().staff;
