import { useMemo } from 'react';
import { combineLatest, map, of, switchMap } from 'rxjs';
import { useStore as useZustand } from 'zustand';
import { formatMoney } from '../../domain/money';
import { refundSplit } from '../../domain/return-refund';
import { decideReturn, returnedByLine, soldLines } from '../../domain/returns';
import type { ReturnRequestDoc, StaffDoc, StoreDoc } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import { useObservable } from '../app/use-observable';
import { shortId } from '../app/recent-sales';
import { browserReceiptOutput } from '../receipts/receipt-output';
import type { ReceiptOutput } from '../receipts/receipt-output';
import { BarcodeSvg } from '../receipts/barcode-svg';
import { useSaleForReturn } from './return-data';
import { closeReturnReceipt, returnStore } from './return-store';

interface Props {
  readonly db: TillDatabase;
  readonly store: StoreDoc;
  readonly output?: ReceiptOutput;
}

function useReturn(db: TillDatabase, returnId: string | null) {
  const source = useMemo(
    () =>
      returnId === null
        ? of(null)
        : db.return_requests.findOne(returnId).$.pipe(
            switchMap((doc) => {
              if (!doc) return of(null);
              const ret = doc.toJSON() as ReturnRequestDoc;
              return combineLatest([
                db.staff.findOne(ret.cashier_id).$,
                db.staff.findOne(ret.approver_id ?? '').$,
              ]).pipe(
                map(([cashier, approver]) => ({
                  ret,
                  cashier: cashier ? (cashier.toJSON() as StaffDoc).name : ret.cashier_id,
                  approver: approver ? (approver.toJSON() as StaffDoc).name : '',
                })),
              );
            }),
          ),
    [db, returnId],
  );
  return useObservable(source, null);
}

/**
 * A return's receipt, from the stored return request and its sale: each line taken back with
 * its refund, and where the money went. A card refund says pending until the server's state of
 * the sale shows it refunded.
 */
export function ReturnReceipt({ db, store, output = browserReceiptOutput }: Props) {
  const returnId = useZustand(returnStore, (s) => s.receiptId);
  const loaded = useReturn(db, returnId);
  const sale = useSaleForReturn(db, loaded?.ret.order_id ?? null);
  if (!loaded || !sale || loaded.ret.id !== returnId) return null;

  const { ret } = loaded;
  const money = (amount: number) => formatMoney(amount, sale.order.currency, store.locale);
  const earlier = sale.returns.filter((r) => r.id < ret.id);
  const amounts = decideReturn(
    soldLines(sale.order),
    returnedByLine(earlier.map((r) => r.lines)),
    ret.lines,
  ).accepted;
  const split = refundSplit(sale.order, earlier, ret);
  const decided = sale.state?.return_ids?.includes(ret.id) ?? false;
  const refundedThrough = [...earlier, ret].reduce((sum, r) => sum + r.refund_amount, 0);
  const cardDone = decided && (sale.state?.refunded_total ?? 0) >= refundedThrough;
  const nameOf = (lineId: string) => sale.order.lines.find((l) => l.id === lineId)?.name ?? '';

  return (
    <section className="panel receipt-panel" aria-label="Return receipt">
      <div className="receipt">
        <h2 className="receipt-store">{store.name}</h2>
        <p>Return of sale #{shortId(sale.order.id)}</p>
        <p>
          <time dateTime={ret.created_at}>
            {new Date(ret.created_at).toLocaleString(store.locale)}
          </time>
        </p>
        <p>Cashier: {loaded.cashier}</p>
        <p>Approved by: {loaded.approver}</p>
        <table className="receipt-lines" aria-label="Returned lines">
          <tbody>
            {amounts.map((a) => (
              <tr key={a.line_id}>
                <th scope="row">
                  {nameOf(a.line_id)}
                  <span className="receipt-qty">
                    {a.quantity} · {ret.lines.find((l) => l.line_id === a.line_id)?.reason}
                  </span>
                </th>
                <td>{money(a.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <dl className="receipt-rows" aria-label="Refund">
          <div className="grand-total">
            <dt>Refund</dt>
            <dd>{money(ret.refund_amount)}</dd>
          </div>
          {split.cash > 0 && (
            <div>
              <dt>Cash</dt>
              <dd>{money(split.cash)}</dd>
            </div>
          )}
          {split.card > 0 && (
            <div>
              <dt>{cardDone ? 'Card (refunded)' : 'Card (refund pending)'}</dt>
              <dd>{money(split.card)}</dd>
            </div>
          )}
        </dl>
        <p className="receipt-order">Return {ret.id}</p>
        <BarcodeSvg value={ret.id} label={`Barcode of return ${ret.id}`} />
      </div>
      <div className="actions no-print">
        <button type="button" onClick={() => output.print()}>
          Print return receipt
        </button>
        <button type="button" className="secondary" onClick={closeReturnReceipt}>
          Close return receipt
        </button>
      </div>
    </section>
  );
}
