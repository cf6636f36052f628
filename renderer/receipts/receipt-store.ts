import { useRegisterUi } from '../register/ui-store';
import { screenStore } from '../ui/screen-store';

export function showReceipt(orderId: string): void {
  screenStore.setState({ receiptOrderId: orderId });
}

export function closeReceipt(): void {
  screenStore.setState({ receiptOrderId: null });
}

// The next customer's first scan clears the last customer's receipt off the screen.
useRegisterUi.subscribe((now, before) => {
  if (now.cart.lines.length > before.cart.lines.length) closeReceipt();
});
