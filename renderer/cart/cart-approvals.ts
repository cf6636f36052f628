import { create } from 'zustand';
import type { StoreDoc } from '../../domain/schemas';
import { missingCartApprovals, needsApproval, paymentStarted, withApproval } from './adjustments';
import type { SaleCart } from './adjustments';
import type { Cart, CartLine } from './cart';
import { formatNumber } from '../format/store-format';
import { requestApproval } from '../staff/approvals';
import { ui, useRegisterUi } from '../register/ui-store';

/*
 * The cart changes a manager may have to approve, and what happens when one is not approved.
 * Each change is worked out on the cart with its sale id already fixed, so the approval names
 * the very ids the cart keeps; a change is applied again to the cart as it is once approved
 * (a scan may have come in meanwhile), which gives the same ids because changes mint none.
 */

const updateCart = (change: (cart: Cart) => Cart) =>
  useRegisterUi.setState((s) => ({ cart: change(s.cart) }));

/**
 * Applies `change`, first asking a manager when the resulting cart needs it; false if not
 * approved, leaving the cart as it was.
 */
export async function applyWithApproval(
  store: StoreDoc,
  change: (cart: SaleCart) => SaleCart,
  approval: {
    readonly action: 'discount' | 'price_override';
    /** The line id, or the order id (`cart.order_id`) for the order discount. */
    readonly subject: (cart: SaleCart) => string;
    readonly detail: string;
  },
): Promise<boolean> {
  const next = change(ui.fixSaleId());
  const subject_id = approval.subject(next);
  const threshold = store.settings.discount_approval_bps;
  if (!needsApproval(next, threshold, { action: approval.action, subject_id })) {
    useRegisterUi.setState({ cart: change(ui.fixSaleId()) });
    return true;
  }
  const granted = await requestApproval({
    action: approval.action,
    subject_id,
    detail: approval.detail,
  });
  if (!granted) return false;
  useRegisterUi.setState({ cart: withApproval(change(ui.fixSaleId()), granted) });
  return true;
}

/** Removes a line; once payment has started that is a void a manager must approve. */
async function removeLineChecked(line: CartLine, store: StoreDoc): Promise<boolean> {
  if (!paymentStarted(useRegisterUi.getState().cart)) {
    ui.remove(line.line_id);
    return true;
  }
  const granted = await requestApproval({
    action: 'void_line',
    subject_id: line.line_id,
    detail: `Remove ${formatNumber(line.quantity, store)} × ${line.name} after payment started`,
  });
  if (!granted) return false;
  ui.remove(line.line_id);
  updateCart((cart) => withApproval(cart, granted));
  return true;
}

const sentence = (reason: string) => reason.charAt(0).toUpperCase() + reason.slice(1);

/**
 * Asks a manager, one at a time, for every approval the sale still lacks (a refused completion
 * names the first) and attaches each one granted. True once nothing is missing; false as soon
 * as one is not approved, keeping those granted before it.
 */
export async function approveWhatIsMissing(store: StoreDoc): Promise<boolean> {
  const threshold = store.settings.discount_approval_bps;
  for (const need of missingCartApprovals(ui.fixSaleId(), threshold)) {
    const granted = await requestApproval({
      action: need.action,
      subject_id: need.subject_id,
      detail: `${sentence(need.reason)}.`,
    });
    if (!granted) return false;
    updateCart((cart) => withApproval(cart, granted));
  }
  return missingCartApprovals(ui.fixSaleId(), threshold).length === 0;
}

/** A cart change a manager did not approve, with the way to ask again; one at a time. */
interface CartRefusal {
  readonly text: string;
  readonly askAgain: () => void;
}

export const useCartRefusal = create<{ readonly refusal: CartRefusal | null }>()(() => ({
  refusal: null,
}));

/** Removes a line from the cart panel: a void not approved stays on screen, to ask again. */
export async function removeLineFromCart(line: CartLine, store: StoreDoc): Promise<void> {
  useCartRefusal.setState({ refusal: null });
  if (await removeLineChecked(line, store)) return;
  useCartRefusal.setState({
    refusal: {
      text: `Not approved: ${line.name} stays in the sale, since payment has started.`,
      askAgain: () => void removeLineFromCart(line, store),
    },
  });
}
