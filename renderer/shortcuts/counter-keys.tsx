import type { OrderDoc } from '../../domain/schemas';
import { removeLineFromCart } from '../cart/cart-approvals';
import { ui, useRegisterUi } from '../register/ui-store';
import { closeReceipt } from '../receipts/receipt-store';
import { useScanner } from '../scanner/use-scanner';
import { closeSyncPanel } from '../sync-details/sync-panel-store';
import { closeShortcutsHelp, openShortcutsHelp } from './shortcuts-dialog';
import { useShortcutKeys, useShortcuts } from './use-shortcuts';
import { useRegister } from '../register/register-context';
import { screenStore } from '../ui/screen-store';

interface Props {
  readonly pending: readonly OrderDoc[];
}

function focusSearch(): void {
  document.querySelector<HTMLInputElement>('input[type="search"]')?.focus();
}

/** Escape closes what is on top: the help, the sync details, the payment, then the receipt. */
function closeTopmost(): void {
  const screen = screenStore.getState();
  if (screen.shortcutsHelpOpen) closeShortcutsHelp();
  else if (screen.syncDetailsOpen) closeSyncPanel();
  else if (useRegisterUi.getState().paying) ui.closePayment();
  else if (screen.receiptOrderId !== null) closeReceipt();
}

/**
 * The keyboard at the counter while someone is signed in: scanner input wherever the focus is,
 * and the register's own shortcuts. Renders nothing.
 */
export function CounterKeys({ pending }: Props) {
  const { db, store } = useRegister();
  useScanner({ db, store, pending });
  useShortcutKeys();
  useShortcuts([
    {
      id: 'search',
      keys: ['F2'],
      label: 'F2',
      description: 'Search products',
      whileTyping: true,
      run: focusSearch,
    },
    {
      id: 'pay',
      keys: ['F4'],
      label: 'F4',
      description: 'Pay',
      whileTyping: true,
      run: () => {
        const { cart, paying } = useRegisterUi.getState();
        if (cart.lines.length > 0 && !paying) ui.openPayment();
      },
    },
    {
      id: 'remove-last-line',
      keys: ['F8'],
      label: 'F8',
      description: 'Remove the last cart line',
      whileTyping: true,
      run: () => {
        // The cart's own remove path, so a void after payment started still asks a manager.
        const last = useRegisterUi.getState().cart.lines.at(-1);
        if (last && store) void removeLineFromCart(last, store);
      },
    },
    {
      id: 'close',
      keys: ['Escape'],
      label: 'Esc',
      description: 'Close the open panel or dialog',
      whileTyping: true,
      run: closeTopmost,
    },
    {
      id: 'help',
      keys: ['?', 'F1'],
      label: '? or F1',
      description: 'Show keyboard shortcuts',
      whileTyping: true,
      run: openShortcutsHelp,
    },
  ]);
  return null;
}
