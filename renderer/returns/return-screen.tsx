import { useId, useState } from 'react';
import { useStore as useZustand } from 'zustand';
import { formatMoney } from '../../domain/money';
import { refundSplit } from '../../domain/return-refund';
import { decideReturn, returnNeedsApproval } from '../../domain/returns';
import { FormError, ModalForm } from '../ui/modal-form';
import { ui } from '../register/ui-store';
import { requestApproval } from '../staff/approvals';
import { shortId } from '../receipts/recent-sales';
import { planReturn, recordReturn } from './record-return';
import {
  ReasonAndRestockCells,
  RefundMethodChoice,
  ReturnActions,
  ReturnQuantityCell,
} from './return-form-parts';
import type { ReturnLineInput } from './record-return';
import { returnableLines, returnedSoFar } from './returnable';
import { useSaleForReturn } from './return-data';
import { closeReturn, returnStore, showReturnReceipt } from './return-store';
import { formatNumber } from '../format/store-format';
import { ApprovalRefusal } from '../staff/approval-refusal';
import { useCounter } from '../register/register-context';

type Choice = Omit<ReturnLineInput, 'line_id'>;

/** Mounted on the register screen; shows itself while a sale is open for a return. */
export function ReturnScreen() {
  const orderId = useZustand(returnStore, (s) => s.orderId);
  if (orderId === null) return null;
  // Keyed by sale, so the choices of one return never carry over to the next.
  return <ReturnForm key={orderId} orderId={orderId} />;
}

function ReturnForm({ orderId }: { orderId: string }) {
  const { db, store, device, cashier, sessionId } = useCounter();
  const { deviceId } = device;
  const sale = useSaleForReturn(db, orderId);
  const [choices, setChoices] = useState<ReadonlyMap<string, Choice>>(new Map());
  const [method, setMethod] = useState<'original' | 'cash' | 'store_credit' | 'exchange'>(
    'original',
  );
  const [error, setError] = useState<string | null>(null);
  const [refused, setRefused] = useState(false);
  const [busy, setBusy] = useState(false);
  const headingId = useId();
  if (!sale) return null;

  const reasons = store.settings.return_reasons;
  const NO_CHOICE: Choice = { quantity: 0, reason: reasons[0] ?? '', restock: true };
  const money = (amount: number) => formatMoney(amount, sale.order.currency, store.locale);
  const lines = returnableLines(sale.order, sale.state, sale.returns);
  const chosen = lines.map((l) => ({
    line_id: l.line.id,
    ...(choices.get(l.line.id) ?? NO_CHOICE),
  }));
  const decision = decideReturn(
    lines.map((l) => l.sold),
    returnedSoFar(sale.state, sale.returns),
    chosen.filter((c) => c.quantity > 0),
  );
  const split = refundSplit(sale.order, sale.returns, {
    refund_method: method === 'exchange' ? 'cash' : method,
    refund_amount: decision.refund_total,
  });
  const nothingLeft = lines.every((l) => l.returnable === 0);
  const choose = (lineId: string, patch: Partial<Choice>) =>
    setChoices((now) => new Map(now).set(lineId, { ...(now.get(lineId) ?? NO_CHOICE), ...patch }));

  async function submit() {
    if (!sale || busy) return;
    setError(null);
    setRefused(false);
    setBusy(true);
    try {
      const needsApproval = returnNeedsApproval(store.settings, decision.refund_total, true);
      const approval = needsApproval
        ? await requestApproval({
            action: 'return',
            subject_id: sale.order.id,
            detail: `Refund ${money(decision.refund_total)} for a return from sale ${shortId(sale.order.id)}`,
          })
        : null;
      if (needsApproval && !approval) {
        setRefused(true);
        return;
      }
      const planned = planReturn({
        order: sale.order,
        state: sale.state,
        local: sale.returns,
        deviceId,
        cashierId: cashier.id,
        approverId: approval?.approver_id ?? null,
        sessionId,
        lines: chosen,
        refundMethod: method === 'exchange' ? 'cash' : method,
      });
      if (!planned.ok) {
        setError(planned.error.message);
        return;
      }
      if (method === 'exchange') {
        // Recorded with the new sale: the cashier now rings up what the customer takes instead.
        ui.startExchange(planned.value.doc, decision.refund_total);
        closeReturn();
        return;
      }
      await recordReturn(db, planned.value.doc);
      showReturnReceipt(planned.value.doc.id);
    } finally {
      setBusy(false);
    }
  }

  return (
    <ModalForm labelledBy={headingId} wide onClose={closeReturn} onSubmit={() => void submit()}>
      <h2 id={headingId}>Return from sale #{shortId(sale.order.id)}</h2>
      {sale.state?.exceptions
        .filter((e) => e.resolved_at === null)
        .map((e) => (
          <p key={e.id} role="alert" className="alert">
            {e.message}
          </p>
        ))}
      <table className="return-lines" aria-label="Lines of the sale">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Sold</th>
            <th scope="col">Returned</th>
            <th scope="col">Returnable</th>
            <th scope="col">Return</th>
            <th scope="col">Reason</th>
            <th scope="col">Back to stock</th>
          </tr>
        </thead>
        <tbody>
          {lines.map(({ line, returned, returnable }) => {
            const choice = choices.get(line.id) ?? NO_CHOICE;
            return (
              <tr key={line.id} aria-label={line.name}>
                <th scope="row">{line.name}</th>
                <td>{formatNumber(line.quantity, store)}</td>
                <td>{returned}</td>
                <td>{returnable}</td>
                <ReturnQuantityCell
                  name={line.name}
                  quantity={choice.quantity}
                  max={returnable}
                  disabled={returnable === 0}
                  onChange={(quantity) => choose(line.id, { quantity })}
                />
                <ReasonAndRestockCells
                  name={line.name}
                  reasons={reasons}
                  reason={choice.reason}
                  restock={choice.restock}
                  disabled={returnable === 0}
                  onChange={(patch) => choose(line.id, patch)}
                />
              </tr>
            );
          })}
        </tbody>
      </table>
      {nothingLeft && (
        <p role="status" className="alert">
          Nothing left to return on this sale.
        </p>
      )}
      <RefundMethodChoice
        options={[
          { value: 'original', label: 'To the original payment' },
          { value: 'cash', label: 'All in cash' },
          { value: 'store_credit', label: 'As store credit' },
          { value: 'exchange', label: 'Exchange for other goods' },
        ]}
        value={method}
        onChange={setMethod}
      />
      <dl className="receipt-rows" aria-label="Refund split">
        {split.card > 0 && (
          <div>
            <dt>To card (sent to the server)</dt>
            <dd>{money(split.card)}</dd>
          </div>
        )}
        <div>
          <dt>
            {method === 'exchange'
              ? 'Toward other goods'
              : method === 'store_credit'
                ? 'Store credit'
                : 'Cash from the drawer'}
          </dt>
          <dd>{money(split.cash)}</dd>
        </div>
        <div className="grand-total">
          <dt>{method === 'exchange' ? 'Value of the goods' : 'Refund'}</dt>
          <dd>{money(decision.refund_total)}</dd>
        </div>
      </dl>
      <FormError message={error} />
      {refused && (
        <ApprovalRefusal disabled={busy} onAsk={() => void submit()}>
          The return needs a manager’s approval.
        </ApprovalRefusal>
      )}
      <ReturnActions canComplete={!busy && decision.accepted.length > 0} onCancel={closeReturn} />
    </ModalForm>
  );
}
