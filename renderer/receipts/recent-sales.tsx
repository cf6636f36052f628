import { useStore as useZustand } from 'zustand';
import { formatMoney } from '../../domain/money';
import { showReceipt } from './receipt-store';
import { syncProblemsStore } from '../replication/sync-problems';
import { useRecentSales } from '../data/use-sales';
import type { SaleWithState } from '../data/use-sales';
import { formatDateTime } from '../format/store-format';
import { useRegister } from '../register/register-context';

function stateText(sale: SaleWithState, refusal: string | undefined): string {
  const { state } = sale;
  if (!state) return refusal ? `Refused: ${refusal}` : 'Pending upload';
  if (state.status === 'rejected') {
    return `Refused: ${state.error?.message ?? refusal ?? 'no reason given'}`;
  }
  if (state.status === 'canceled') return `Canceled #${state.ack_id}`;
  return `Acknowledged #${state.ack_id}`;
}

/** Last eight hex digits of the UUIDv7: the leading ones are the timestamp, alike for a day. */
const TIME_ONLY: Intl.DateTimeFormatOptions = { timeStyle: 'short' };

export const shortId = (id: string) => id.slice(-8);

export function RecentSales() {
  const { db, store, device } = useRegister();
  const { deviceId } = device;
  const sales = useRecentSales(db, deviceId);
  const problems = useZustand(syncProblemsStore, (s) => s.problems);
  const refusals = new Map(
    problems.filter((p) => p.collection === 'orders').map((p) => [p.id, p.message]),
  );

  return (
    <section className="panel recent-panel" aria-labelledby="recent-heading">
      <h2 id="recent-heading">Recent sales</h2>
      {sales.length === 0 && <p className="muted">No sales yet.</p>}
      <ul className="recent" aria-label="Recent sales">
        {sales.map((sale) => {
          const text = stateText(sale, refusals.get(sale.order.id));
          const kind = text.startsWith('Refused')
            ? 'refused'
            : text === 'Pending upload'
              ? 'pending'
              : 'acknowledged';
          return (
            <li key={sale.order.id} className="recent-sale">
              <span className="sale-id">#{shortId(sale.order.id)}</span>
              <time dateTime={sale.order.placed_at}>
                {formatDateTime(sale.order.placed_at, store, TIME_ONLY)}
              </time>
              <span className="sale-total">
                {formatMoney(sale.order.totals.total, sale.order.currency, store.locale)}
              </span>
              <span className={`sale-state ${kind}`}>{text}</span>{' '}
              <button
                type="button"
                className="reprint"
                aria-label={`Receipt for sale ${shortId(sale.order.id)}`}
                onClick={() => showReceipt(sale.order.id)}
              >
                Receipt
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
