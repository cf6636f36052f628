import { createStore } from 'zustand/vanilla';
import { useRegisterUi } from '../register/ui-store';

/** Which sale's receipt is on screen: the one just completed, or one picked to reprint. */
export const receiptStore = createStore<{ readonly orderId: string | null }>()(() => ({
  orderId: null,
}));

export function showReceipt(orderId: string): void {
  receiptStore.setState({ orderId });
}

export function closeReceipt(): void {
  receiptStore.setState({ orderId: null });
}

// The next customer's first scan clears the last customer's receipt off the screen.
useRegisterUi.subscribe((now, before) => {
  if (now.cart.lines.length > before.cart.lines.length) closeReceipt();
});
