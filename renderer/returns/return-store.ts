import { createStore } from 'zustand/vanilla';
import { closeReceipt } from '../receipts/receipt-store';
import { screenStore } from '../ui/screen-store';

/** Which sale is open for a return, and which return's receipt is on screen. */
export const returnStore = createStore<{
  readonly orderId: string | null;
  readonly receiptId: string | null;
}>()(() => ({ orderId: null, receiptId: null }));

export function openReturn(orderId: string): void {
  returnStore.setState({ orderId, receiptId: null });
}

export function closeReturn(): void {
  returnStore.setState({ orderId: null });
}

export function showReturnReceipt(returnId: string): void {
  returnStore.setState({ orderId: null, receiptId: returnId });
  closeReceipt();
}

export function closeReturnReceipt(): void {
  returnStore.setState({ receiptId: null });
}

// One receipt on screen at a time, so printing prints the one the customer is given.
screenStore.subscribe((now, before) => {
  if (now.receiptOrderId !== null && now.receiptOrderId !== before.receiptOrderId) {
    closeReturnReceipt();
  }
});
