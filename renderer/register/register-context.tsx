import { createContext, useContext } from 'react';
import type { StaffDoc, StoreDoc } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import type { DeviceCredentials } from '../device/device-secrets';

/**
 * What every screen of a paired register works with, given once by the register screen instead
 * of passed down through each component. The cashier is null until someone signs in, the
 * session until the drawer is opened.
 */
export interface Register {
  readonly db: TillDatabase;
  readonly device: DeviceCredentials;
  readonly store: StoreDoc;
  readonly cashier: StaffDoc | null;
  readonly sessionId: string | null;
}

/** The register while selling: someone signed in with the drawer open. */
export interface Counter extends Register {
  readonly cashier: StaffDoc;
  readonly sessionId: string;
}

const RegisterContext = createContext<Register | null>(null);

export const RegisterProvider = RegisterContext.Provider;

export function useRegister(): Register {
  const register = useContext(RegisterContext);
  if (!register) throw new Error('useRegister is used outside the register screen');
  return register;
}

/** The signed-in staff member; for screens shown only once someone has signed in. */
export function useCashier(): StaffDoc {
  const { cashier } = useRegister();
  if (!cashier) throw new Error('a screen for a signed-in cashier is shown to no one');
  return cashier;
}

/** For screens shown only at the open counter. */
export function useCounter(): Counter {
  const register = useRegister();
  const { cashier, sessionId } = register;
  if (!cashier || !sessionId) throw new Error('a selling screen is shown with the counter closed');
  return { ...register, cashier, sessionId };
}
