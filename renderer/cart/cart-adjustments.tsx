import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { create } from 'zustand';
import { formatMoney, parseMoney } from '../../domain/money';
import type { Discount, StoreDoc } from '../../domain/schemas';
import { overridePrice, parseDiscount, setLineDiscount, setOrderDiscount } from './adjustments';
import type { CartLine } from './cart';
import { ApprovalRefusal } from '../staff/approval-refusal';
import { applyWithApproval, useCartRefusal } from './cart-approvals';
import { useRegisterUi } from '../register/ui-store';
import { formatPercent } from '../format/store-format';

/*
 * The cart controls a manager may have to approve: line and order discounts and price
 * overrides (cart-approvals.ts decides when to ask), and what a refusal leaves on screen.
 */

type Target =
  | { readonly kind: 'discount'; readonly line: CartLine }
  | { readonly kind: 'price'; readonly line: CartLine }
  | { readonly kind: 'order' };

const useEditor = create<{ readonly target: Target | null }>()(() => ({ target: null }));
const edit = (target: Target | null) => useEditor.setState({ target });

const describeDiscount = (d: Discount, store: StoreDoc) =>
  d.type === 'percent'
    ? formatPercent(d.bps / 10_000, store)
    : formatMoney(d.amount, store.currency, store.locale);

/** A cart change a manager did not approve (a void), with "Ask a manager" to try again. */
export function CartRefusal() {
  const refusal = useCartRefusal((s) => s.refusal);
  if (!refusal) return null;
  return <ApprovalRefusal onAsk={refusal.askAgain}>{refusal.text}</ApprovalRefusal>;
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
  const [refused, setRefused] = useState(false);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const limit = formatPercent(store.settings.discount_approval_bps / 10_000, store);

  async function apply(event?: FormEvent) {
    event?.preventDefault();
    if (busy) return;
    setError(null);
    setRefused(false);
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
        applied = applyWithApproval(store, (cart) => setOrderDiscount(cart, discount), {
          action: 'discount',
          subject: (cart) => cart.order_id,
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
      else setRefused(true);
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
      {refused && (
        <ApprovalRefusal disabled={busy} onAsk={() => void apply()}>
          Not approved: nothing was changed.
        </ApprovalRefusal>
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
