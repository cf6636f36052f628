import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { create } from 'zustand';
import { uuidv7 } from '../../domain/ids';
import { formatMoney, parseMoney } from '../../domain/money';
import type { Discount, StoreDoc } from '../../domain/schemas';
import {
  needsApproval,
  orderSubject,
  overridePrice,
  parseDiscount,
  setLineDiscount,
  setOrderDiscount,
  withApproval,
} from '../cart/adjustments';
import type { Cart, CartLine } from '../cart/cart';
import { requestApproval } from '../staff/approvals';
import { ui, useRegisterUi } from './ui-store';
import { formatNumber, formatPercent } from '../format/store-format';

/*
 * The cart controls a manager may have to approve: line and order discounts, price overrides,
 * and removing a line once payment has started. Each works out the cart the change would make,
 * asks for approval when the store's rules say so, then applies it with the approval attached.
 */

type Target =
  | { readonly kind: 'discount'; readonly line: CartLine }
  | { readonly kind: 'price'; readonly line: CartLine }
  | { readonly kind: 'order' };

const useEditor = create<{ readonly target: Target | null }>()(() => ({ target: null }));
const edit = (target: Target | null) => useEditor.setState({ target });

const updateCart = (change: (cart: Cart) => Cart) =>
  useRegisterUi.setState((s) => ({ cart: change(s.cart) }));

const describeDiscount = (d: Discount, store: StoreDoc) =>
  d.type === 'percent'
    ? formatPercent(d.bps / 10_000, store)
    : formatMoney(d.amount, store.currency, store.locale);

/** Applies `change`, first asking a manager when the resulting cart needs it; false if refused. */
async function applyWithApproval(
  store: StoreDoc,
  change: (cart: Cart) => Cart,
  approval: {
    readonly action: 'discount' | 'price_override';
    readonly subject: (cart: Cart) => string;
    readonly detail: string;
  },
): Promise<boolean> {
  const next = change(useRegisterUi.getState().cart);
  const subject_id = approval.subject(next);
  const threshold = store.settings.discount_approval_bps;
  if (!needsApproval(next, threshold, { action: approval.action, subject_id })) {
    updateCart(change);
    return true;
  }
  const granted = await requestApproval({
    action: approval.action,
    subject_id,
    detail: approval.detail,
  });
  if (!granted) return false;
  updateCart((cart) => withApproval(change(cart), granted));
  return true;
}

/** Removes a line; once payment has started that is a void a manager must approve. */
export async function removeLineChecked(line: CartLine, store: StoreDoc): Promise<void> {
  if (!useRegisterUi.getState().cart.payment_started) {
    ui.remove(line.line_id);
    return;
  }
  const granted = await requestApproval({
    action: 'void_line',
    subject_id: line.line_id,
    detail: `Remove ${formatNumber(line.quantity, store)} × ${line.name} after payment started`,
  });
  if (!granted) return;
  ui.remove(line.line_id);
  updateCart((cart) => withApproval(cart, granted));
}

export function LineAdjustButtons({ line }: { readonly line: CartLine }) {
  return (
    <span className="line-adjust">
      <button
        type="button"
        className="secondary small"
        aria-label={`Discount ${line.name}`}
        onClick={() => edit({ kind: 'discount', line })}
      >
        %
      </button>
      <button
        type="button"
        className="secondary small"
        aria-label={`Override price ${line.name}`}
        onClick={() => edit({ kind: 'price', line })}
      >
        Price
      </button>
    </span>
  );
}

/** What was changed on a line, under its name. */
export function LineAdjustNote({
  line,
  store,
}: {
  readonly line: CartLine;
  readonly store: StoreDoc;
}) {
  const money = (amount: number) => formatMoney(amount, store.currency, store.locale);
  const parts: string[] = [];
  if (line.original_unit_price != null) {
    parts.push(`Price ${money(line.unit_price)} (was ${money(line.original_unit_price)})`);
  }
  if (line.discount) parts.push(`Discount ${describeDiscount(line.discount, store)}`);
  if (parts.length === 0) return null;
  return <span className="line-note">{parts.join(' · ')}</span>;
}

export function OrderDiscountButton({ store }: { readonly store: StoreDoc }) {
  const discount = useRegisterUi((s) => s.cart.order_discount ?? null);
  const empty = useRegisterUi((s) => s.cart.lines.length === 0);
  return (
    <div className="order-discount">
      <button
        type="button"
        className="secondary"
        disabled={empty}
        onClick={() => edit({ kind: 'order' })}
      >
        Order discount
      </button>
      {discount && (
        <span className="line-note">Order discount {describeDiscount(discount, store)}</span>
      )}
    </div>
  );
}

function labelFor(target: Target): string {
  if (target.kind === 'order') return 'Discount for the order';
  if (target.kind === 'discount') return `Discount for ${target.line.name}`;
  return `New price for ${target.line.name}`;
}

/** The one open editor: a discount ("10%" or an amount) or a new unit price. */
export function AdjustmentEditor({ store }: { readonly store: StoreDoc }) {
  const target = useEditor((s) => s.target);
  if (!target) return null;
  const key = target.kind === 'order' ? 'order' : `${target.kind}-${target.line.line_id}`;
  return <EditorForm key={key} store={store} target={target} />;
}

function EditorForm({ store, target }: { readonly store: StoreDoc; readonly target: Target }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const limit = formatPercent(store.settings.discount_approval_bps / 10_000, store);

  async function apply(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setError(null);
    let applied: Promise<boolean>;
    if (target.kind === 'price') {
      const price = parseMoney(text, store.currency);
      if (price === null) return setError('Enter a price like 4.99.');
      const { line } = target;
      applied = applyWithApproval(store, (cart) => overridePrice(cart, line.line_id, price), {
        action: 'price_override',
        subject: () => line.line_id,
        detail: `Sell ${line.name} at ${formatMoney(price, store.currency, store.locale)} instead of ${formatMoney(line.original_unit_price ?? line.unit_price, store.currency, store.locale)}`,
      });
    } else {
      const discount = parseDiscount(text, store.currency);
      if (discount === undefined)
        return setError('Enter a percent like 10% or an amount like 2.50.');
      const what = discount ? describeDiscount(discount, store) : 'no discount';
      if (target.kind === 'order') {
        applied = applyWithApproval(store, (cart) => setOrderDiscount(cart, discount, uuidv7), {
          action: 'discount',
          subject: orderSubject,
          detail: `Order discount of ${what}, above the ${limit} a cashier may give`,
        });
      } else {
        const { line } = target;
        applied = applyWithApproval(
          store,
          (cart) => setLineDiscount(cart, line.line_id, discount),
          {
            action: 'discount',
            subject: () => line.line_id,
            detail: `Discount of ${what} on ${line.name}, above the ${limit} a cashier may give`,
          },
        );
      }
    }
    setBusy(true);
    try {
      if (await applied) edit(null);
      else setError('Not approved: nothing was changed.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel adjust-editor" onSubmit={(e) => void apply(e)}>
      <label htmlFor={inputId} className="field-label">
        {labelFor(target)}
      </label>
      <input
        id={inputId}
        autoFocus
        autoComplete="off"
        inputMode="decimal"
        placeholder={target.kind === 'price' ? '4.99' : '10% or 2.50'}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {target.kind !== 'price' && (
        <p className="muted">
          Up to {limit} without a manager. Leave empty to remove the discount.
        </p>
      )}
      {error && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" className="secondary" onClick={() => edit(null)}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {target.kind === 'price' ? 'Apply price' : 'Apply discount'}
        </button>
      </div>
    </form>
  );
}
