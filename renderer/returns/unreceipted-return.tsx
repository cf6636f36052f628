import { useId, useState } from 'react';
import { formatMoney } from '../../domain/money';
import { uuidv7 } from '../../domain/ids';
import { unreceiptedRefund } from '../../domain/returns';
import type { ProductDoc } from '../../domain/schemas';
import { findByCode } from '../db/product-search';
import { addProduct, EMPTY_CART } from '../cart/cart';
import { cartTotals } from '../cart/sale-order';
import { FormError, ModalForm } from '../ui/modal-form';
import { useTaxRates } from '../data/use-store';
import { requestApproval } from '../staff/approvals';
import { planUnreceiptedReturn, recordReturn, unreceiptedLimitProblem } from './record-return';
import type { UnreceiptedLineInput } from './record-return';
import {
  ReasonAndRestockCells,
  RefundMethodChoice,
  ReturnActions,
  ReturnQuantityCell,
} from './return-form-parts';
import { showReturnReceipt } from './return-store';
import { ApprovalRefusal } from '../staff/approval-refusal';
import { useCounter, useRegister } from '../register/register-context';

type Line = UnreceiptedLineInput & { readonly name: string };

/**
 * Goods brought back without a receipt: the cashier scans or types each product, which refunds
 * what it sells for today (tax included), in cash or as store credit, up to the store's limit
 * and always with a manager's approval.
 */
export function UnreceiptedReturn() {
  const [open, setOpen] = useState(false);
  const limit = useRegister().store.settings.unreceipted_return_limit;
  return (
    <>
      <button
        type="button"
        disabled={limit === 0}
        title={limit === 0 ? 'This store takes no returns without a receipt' : undefined}
        onClick={() => setOpen(true)}
      >
        Return without receipt
      </button>
      {open && <UnreceiptedForm onClose={() => setOpen(false)} />}
    </>
  );
}

function UnreceiptedForm({ onClose }: { onClose: () => void }) {
  const { db, store, device, cashier, sessionId } = useCounter();
  const { deviceId } = device;
  const taxRates = useTaxRates(db);
  const [code, setCode] = useState('');
  const [lines, setLines] = useState<readonly Line[]>([]);
  const [method, setMethod] = useState<'cash' | 'store_credit'>('cash');
  const [error, setError] = useState<string | null>(null);
  const [refused, setRefused] = useState(false);
  const [busy, setBusy] = useState(false);
  const headingId = useId();
  const reasons = store.settings.return_reasons;
  const money = (amount: number) => formatMoney(amount, store.currency, store.locale);
  const refund = unreceiptedRefund(lines);

  /** What one unit sells for today, tax included: what the customer most likely paid. */
  const unitPrice = (product: ProductDoc) =>
    cartTotals(addProduct(EMPTY_CART, product, uuidv7()), taxRates, store.tax_inclusive).total;

  async function add() {
    setError(null);
    const product = await findByCode(db, code);
    if (!product) {
      setError(`No product with barcode or SKU ${code.trim()}`);
      return;
    }
    setCode('');
    setLines((now) =>
      now.some((l) => l.product_id === product.id)
        ? now.map((l) => (l.product_id === product.id ? { ...l, quantity: l.quantity + 1 } : l))
        : [
            ...now,
            {
              product_id: product.id,
              name: product.name,
              quantity: 1,
              unit_refund: unitPrice(product),
              reason: reasons[0] ?? '',
              restock: true,
            },
          ],
    );
  }

  const change = (productId: string, patch: Partial<Line>) =>
    setLines((now) => now.map((l) => (l.product_id === productId ? { ...l, ...patch } : l)));

  async function submit() {
    if (busy) return;
    setError(null);
    setRefused(false);
    const overLimit = unreceiptedLimitProblem(store, refund);
    if (overLimit) {
      setError(overLimit.message);
      return;
    }
    setBusy(true);
    try {
      const approval = await requestApproval({
        action: 'return',
        subject_id: deviceId,
        detail: `Refund ${money(refund)} for a return without a receipt`,
      });
      if (!approval) {
        setRefused(true);
        return;
      }
      const planned = planUnreceiptedReturn({
        store,
        deviceId,
        cashierId: cashier.id,
        approverId: approval.approver_id,
        sessionId,
        lines: lines.map(({ name: _name, ...line }) => line),
        refundMethod: method,
      });
      if (!planned.ok) {
        setError(planned.error.message);
        return;
      }
      await recordReturn(db, planned.value);
      onClose();
      showReturnReceipt(planned.value.id);
    } finally {
      setBusy(false);
    }
  }

  return (
    <ModalForm labelledBy={headingId} wide onClose={onClose} onSubmit={() => void submit()}>
      <h2 id={headingId}>Return without a receipt</h2>
      <p className="muted">
        Refunds today’s price, in cash or store credit, up to{' '}
        {money(store.settings.unreceipted_return_limit)}; a manager approves.
      </p>
      <div className="inline-field">
        <input
          type="search"
          aria-label="Product returned"
          placeholder="Scan or type a barcode or SKU"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            if (code.trim() !== '') void add();
          }}
        />
        <button type="button" disabled={code.trim() === ''} onClick={() => void add()}>
          Add product
        </button>
      </div>
      {lines.length > 0 && (
        <table className="return-lines" aria-label="Returned products">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Each</th>
              <th scope="col">Quantity</th>
              <th scope="col">Reason</th>
              <th scope="col">Back to stock</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.product_id} aria-label={l.name}>
                <th scope="row">{l.name}</th>
                <td>{money(l.unit_refund)}</td>
                <ReturnQuantityCell
                  name={l.name}
                  quantity={l.quantity}
                  onChange={(quantity) => change(l.product_id, { quantity })}
                />
                <ReasonAndRestockCells
                  name={l.name}
                  reasons={reasons}
                  reason={l.reason}
                  restock={l.restock}
                  onChange={(patch) => change(l.product_id, patch)}
                />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <RefundMethodChoice
        options={[
          { value: 'cash', label: 'Cash from the drawer' },
          { value: 'store_credit', label: 'Store credit' },
        ]}
        value={method}
        onChange={setMethod}
      />
      <dl className="receipt-rows" aria-label="Refund total">
        <div className="grand-total">
          <dt>Refund</dt>
          <dd>{money(refund)}</dd>
        </div>
      </dl>
      <FormError message={error} />
      {refused && (
        <ApprovalRefusal disabled={busy} onAsk={() => void submit()}>
          A return without a receipt needs a manager’s approval.
        </ApprovalRefusal>
      )}
      <ReturnActions canComplete={!busy && refund > 0} onCancel={onClose} />
    </ModalForm>
  );
}
