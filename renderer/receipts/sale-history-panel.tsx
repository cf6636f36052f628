import { formatMoney } from '../../domain/money';
import type { OrderDoc } from '../../domain/schemas';
import { formatDateTime } from '../format/store-format';
import { useOrderState } from '../data/use-sales';
import { captureText, historyRows, refundText, words } from './sale-history';
import { useRegister } from '../register/register-context';

interface Props {
  readonly order: OrderDoc;
}

/**
 * What the server recorded about the sale on screen, as it replicated it: its payment and
 * fulfillment status, each capture and refund share, and its history. Not printed.
 */
export function SaleHistory({ order }: Props) {
  const { db, store } = useRegister();
  const state = useOrderState(db, order.id);
  const money = (amount: number) => formatMoney(amount, order.currency, store.locale);
  const time = (iso: string) =>
    formatDateTime(iso, store, { dateStyle: 'short', timeStyle: 'medium' });

  return (
    <section className="sale-history no-print" aria-labelledby="sale-history-heading">
      <h3 id="sale-history-heading">Server record</h3>
      {!state || state.status === 'rejected' ? (
        <p className="muted">
          {state
            ? `Refused: ${state.error?.message ?? 'no reason given'}`
            : 'Not on the server yet.'}
        </p>
      ) : (
        <>
          <p>
            Payment {words(state.payment_status)}, goods {words(state.fulfillment_status)}
          </p>
          <h4 id="sale-captures-heading">Captures</h4>
          {state.captures.length === 0 ? (
            <p className="muted">None yet.</p>
          ) : (
            <ul aria-labelledby="sale-captures-heading">
              {state.captures.map((c) => (
                <li key={c.id}>
                  {captureText(c, money)}{' '}
                  <time dateTime={c.captured_at}>{time(c.captured_at)}</time>
                </li>
              ))}
            </ul>
          )}
          {state.refunds.length > 0 && (
            <>
              <h4 id="sale-refunds-heading">Refunds</h4>
              <ul aria-labelledby="sale-refunds-heading">
                {state.refunds.map((r) => (
                  <li key={r.id}>{refundText(r, money)}</li>
                ))}
              </ul>
            </>
          )}
          <h4 id="sale-timeline-heading">History</h4>
          <ol className="sale-timeline" aria-labelledby="sale-timeline-heading">
            {historyRows(state.timeline, money, time).map((row, i) => (
              <li key={`${row.at}-${i}`}>
                <time dateTime={row.at}>{row.time}</time> {row.text}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
