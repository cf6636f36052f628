import { useMemo } from 'react';
import { combineLatest, map, of, switchMap } from 'rxjs';
import { useStore as useZustand } from 'zustand';
import { formatMoney } from '../../domain/money';
import { refundSplit } from '../../domain/return-refund';
import { decideReturn, returnedByLine, soldLines } from '../../domain/returns';
import type { ProductDoc, ReturnRequestDoc, StaffDoc, StoreDoc } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import { useObservable } from '../data/use-observable';
import { shortId } from '../receipts/recent-sales';
import { usePrint } from '../platform/use-print';
import { BarcodeSvg } from '../receipts/barcode-svg';
import { useSaleForReturn } from './return-data';
import type { SaleForReturn } from './return-data';
import { closeReturnReceipt, returnStore } from './return-store';
import { formatNumber, formatDateTime } from '../format/store-format';
import { useRegister } from '../register/register-context';

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

interface ReceiptView {
  readonly title: string;
  readonly currency: string;
  readonly rows: readonly {
    readonly key: string;
    readonly name: string;
    readonly detail: string;
    readonly amount: number;
  }[];
  /** Where the refund went: cash, card (pending until the server refunded it), store credit. */
  readonly payouts: readonly { readonly label: string; readonly amount: number }[];
}

function receiptedView(ret: ReturnRequestDoc, sale: SaleForReturn, store: StoreDoc): ReceiptView {
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
  const credit = ret.refund_method === 'store_credit';
  return {
    title: `Return of sale #${shortId(sale.order.id)}`,
    currency: sale.order.currency,
    rows: amounts.map((a) => ({
      key: a.line_id,
      name: sale.order.lines.find((l) => l.id === a.line_id)?.name ?? '',
      detail: `${formatNumber(a.quantity, store)} · ${ret.lines.find((l) => l.line_id === a.line_id)?.reason ?? ''}`,
      amount: a.amount,
    })),
    payouts: [
      { label: credit ? 'Store credit' : 'Cash', amount: split.cash },
      { label: cardDone ? 'Card (refunded)' : 'Card (refund pending)', amount: split.card },
    ].filter((p) => p.amount > 0),
  };
}

function unreceiptedView(
  ret: ReturnRequestDoc,
  store: StoreDoc,
  names: ReadonlyMap<string, string>,
): ReceiptView {
  return {
    title: 'Return without a receipt',
    currency: store.currency,
    rows: ret.lines.map((l) => ({
      key: l.line_id,
      name: names.get(l.product_id ?? '') ?? l.product_id ?? '',
      detail: `${formatNumber(l.quantity, store)} · ${l.reason}`,
      amount: l.quantity * (l.unit_refund ?? 0),
    })),
    payouts: [
      {
        label: ret.refund_method === 'store_credit' ? 'Store credit' : 'Cash',
        amount: ret.refund_amount,
      },
    ],
  };
}

/** The names of the products a return without a receipt took back. */
function useProductNames(db: TillDatabase, ret: ReturnRequestDoc | undefined) {
  const ids = ret && ret.order_id === '' ? ret.lines.map((l) => l.product_id ?? '') : [];
  const key = ids.join(',');
  const source = useMemo(
    () =>
      key === ''
        ? of(new Map<string, string>())
        : db.products
            .findByIds(key.split(','))
            .$.pipe(
              map(
                (found) =>
                  new Map([...found].map(([id, doc]) => [id, (doc.toJSON() as ProductDoc).name])),
              ),
            ),
    [db, key],
  );
  return useObservable(source, new Map<string, string>());
}

/**
 * A return's receipt, from the stored return request and its sale (or, without a receipt, the
 * products it names): each line taken back with its refund, and where the money went. A card
 * refund says pending until the server's state of the sale shows it refunded.
 */
export function ReturnReceipt() {
  const { db, store } = useRegister();
  const printing = usePrint();
  const returnId = useZustand(returnStore, (s) => s.receiptId);
  const loaded = useReturn(db, returnId);
  const sale = useSaleForReturn(db, loaded?.ret.order_id || null);
  const names = useProductNames(db, loaded?.ret);
  if (!loaded || loaded.ret.id !== returnId) return null;
  const { ret } = loaded;
  const view =
    ret.order_id === ''
      ? unreceiptedView(ret, store, names)
      : sale
        ? receiptedView(ret, sale, store)
        : null;
  if (!view) return null;
  const money = (amount: number) => formatMoney(amount, view.currency, store.locale);

  return (
    <section className="panel receipt-panel" aria-label="Return receipt">
      <div className="receipt">
        <h2 className="receipt-store">{store.name}</h2>
        <p>{view.title}</p>
        <p>
          <time dateTime={ret.created_at}>{formatDateTime(ret.created_at, store)}</time>
        </p>
        <p>Cashier: {loaded.cashier}</p>
        {loaded.approver && <p>Approved by: {loaded.approver}</p>}
        <table className="receipt-lines" aria-label="Returned lines">
          <tbody>
            {view.rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">
                  {row.name}
                  <span className="receipt-qty">{row.detail}</span>
                </th>
                <td>{money(row.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <dl className="receipt-rows" aria-label="Refund">
          <div className="grand-total">
            <dt>Refund</dt>
            <dd>{money(ret.refund_amount)}</dd>
          </div>
          {view.payouts.map((p) => (
            <div key={p.label}>
              <dt>{p.label}</dt>
              <dd>{money(p.amount)}</dd>
            </div>
          ))}
        </dl>
        <p className="receipt-order">Return {ret.id}</p>
        <BarcodeSvg value={ret.id} label={`Barcode of return ${ret.id}`} />
      </div>
      <div className="actions no-print">
        {printing.error && (
          <p role="alert" className="alert">
            {printing.error}
          </p>
        )}
        <button type="button" onClick={() => printing.print(null)}>
          Print return receipt
        </button>
        <button type="button" className="secondary" onClick={closeReturnReceipt}>
          Close return receipt
        </button>
      </div>
    </section>
  );
}
