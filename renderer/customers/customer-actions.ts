import { create } from 'zustand';
import { useRegisterUi } from '../register/ui-store';
import { withCustomer } from './customers';

/** Whether the attach-customer dialog is open; the attached customer itself lives in the cart. */
export const useCustomerDialog = create<{ readonly open: boolean }>()(() => ({ open: false }));

export function openCustomerDialog(): void {
  useCustomerDialog.setState({ open: true });
}

export function closeCustomerDialog(): void {
  useCustomerDialog.setState({ open: false });
}

/** In the cart, so it is persisted, parked and placed with the sale like everything else. */
export function attachCustomer(customerId: string): void {
  useRegisterUi.setState((s) => ({ cart: withCustomer(s.cart, customerId) }));
  closeCustomerDialog();
}

export function detachCustomer(): void {
  useRegisterUi.setState((s) => ({ cart: withCustomer(s.cart, null) }));
}
