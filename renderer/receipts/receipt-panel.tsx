import { useEffect, useMemo } from 'react';
import { combineLatest, map, of, switchMap } from 'rxjs';
import { useStore as useZustand } from 'zustand';
import type { CustomerDoc, OrderDoc, StaffDoc } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import { useObservable } from '../data/use-observable';
import { survivingCustomer$ } from '../customers/customers';
import { BarcodeSvg } from './barcode-svg';
import { buildReceipt } from './receipt';
import { receiptPdf } from './receipt-pdf';
import { usePrint } from '../platform/use-print';
import { browserReceiptOutput } from './receipt-output';
import { closeReceipt, showReceipt } from './receipt-store';
import { SaleHistory } from './sale-history-panel';
import { useRegister } from '../register/register-context';
import { screenStore } from '../ui/screen-store';

interface Loaded {
  readonly order: OrderDoc;
  readonly cashier: StaffDoc | null;
  readonly customer: CustomerDoc | null;
}

/**
 * Shows a sale's receipt as soon as this register writes it: the payment flow only has to
 * insert the order, however it was paid.
 */
function useReceiptAfterSale(db: TillDatabase, deviceId: string): void {
  useEffect(() => {
    const sub = db.orders.insert$.subscribe((event) => {
      if ((event.documentData as OrderDoc).device_id === deviceId) showReceipt(event.documentId);
    });
    return () => sub.unsubscribe();
  }, [db, deviceId]);
}

export function ReceiptPanel() {
  const { db, store, device } = useRegister();
  const { deviceId } = device;
  useReceiptAfterSale(db, deviceId);
  const printing = usePrint();
  const orderId = useZustand(screenStore, (s) => s.receiptOrderId);
  const source = useMemo(
    () =>
      orderId === null
        ? of(null)
        : db.orders.findOne(orderId).$.pipe(
            switchMap((doc) => {
              if (!doc) return of(null);
              const order = doc.toJSON() as OrderDoc;
              return combineLatest([
                db.staff.findOne(order.cashier_id).$,
                order.customer_id === null ? of(null) : survivingCustomer$(db, order.customer_id),
              ]).pipe(
                map(([s, customer]): Loaded => ({
                  order,
                  cashier: s ? (s.toJSON() as StaffDoc) : null,
                  customer,
                })),
              );
            }),
          ),
    [db, orderId],
  );
  const loaded = useObservable<Loaded | null>(source, null);
  if (!loaded || loaded.order.id !== orderId) return null;

  const receipt = buildReceipt(
    loaded.order,
    store,
    loaded.cashier?.name ?? loaded.order.cashier_id,
    loaded.customer?.name ?? null,
  );
  return (
    <section className="panel receipt-panel" aria-label="Receipt">
      <div className="receipt">
        <h2 className="receipt-store">{receipt.storeName}</h2>
        {receipt.address && <p className="receipt-address">{receipt.address}</p>}
        <p>
          <time dateTime={loaded.order.placed_at}>{receipt.placedAt}</time>
        </p>
        <p>Cashier: {receipt.cashier}</p>
        {receipt.customer && <p>Customer: {receipt.customer}</p>}
        <table className="receipt-lines" aria-label="Receipt lines">
          <tbody>
            {receipt.lines.map((line) => (
              <tr key={line.id}>
                <th scope="row">
                  {line.name}
                  <span className="receipt-qty">{line.quantity}</span>
                  {line.discount && (
                    <span className="receipt-discount">Discount {line.discount}</span>
                  )}
                </th>
                <td>{line.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <dl className="receipt-rows" aria-label="Receipt totals">
          {receipt.totals.map((row) => (
            <div key={row.label} className={row.label === 'Total' ? 'grand-total' : undefined}>
              <dt>{row.label}</dt>
              <dd>{row.amount}</dd>
            </div>
          ))}
        </dl>
        <dl className="receipt-rows" aria-label="Payment">
          {receipt.tenders.map((row, i) => (
            <div key={`${row.label}-${i}`}>
              <dt>{row.label}</dt>
              <dd>{row.amount}</dd>
            </div>
          ))}
        </dl>
        <p className="receipt-order">Order {receipt.orderId}</p>
        <BarcodeSvg value={receipt.orderId} label={`Barcode of order ${receipt.orderId}`} />
      </div>
      <SaleHistory order={loaded.order} />
      {printing.error && (
        <p role="alert" className="alert no-print">
          {printing.error}
        </p>
      )}
      <div className="actions no-print">
        <button type="button" onClick={() => printing.print(receipt)}>
          Print receipt
        </button>
        <button
          type="button"
          onClick={() =>
            browserReceiptOutput.download(`receipt-${receipt.orderId}.pdf`, receiptPdf(receipt))
          }
        >
          Download PDF
        </button>
        <button type="button" className="secondary" onClick={closeReceipt}>
          Close receipt
        </button>
      </div>
    </section>
  );
}
