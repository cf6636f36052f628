import { useEffect, useRef, useState } from 'react';
import { useStore as useZustand } from 'zustand';
import type { OrderDoc } from '../../domain/schemas';
import { useRecentSales } from '../data/use-sales';
import type { SaleWithState } from '../data/use-sales';
import { shortId } from '../receipts/recent-sales';
import { connectionStore } from '../replication/connection-store';
import { syncProblemsStore } from '../replication/sync-problems';
import { ReturnSyncList } from '../returns/return-sync';
import { retryOrder } from './retry-order';
import { closeSyncPanel } from './sync-panel-store';
import { formatDateTime } from '../format/store-format';
import { useRegister } from '../register/register-context';
import { screenStore } from '../ui/screen-store';

interface Props {
  readonly pendingUploads: number;
}

type SaleSync =
  | { readonly kind: 'pending' }
  | { readonly kind: 'acknowledged'; readonly text: string }
  | { readonly kind: 'refused'; readonly reason: string };

function syncOf(sale: SaleWithState, refusal: string | undefined): SaleSync {
  const { state } = sale;
  if (!state) return refusal ? { kind: 'refused', reason: refusal } : { kind: 'pending' };
  if (state.status === 'rejected') {
    return { kind: 'refused', reason: state.error?.message ?? refusal ?? 'no reason given' };
  }
  const verb = state.status === 'canceled' ? 'Canceled' : 'Acknowledged';
  return { kind: 'acknowledged', text: `${verb} #${state.ack_id}` };
}

const SYNC_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'medium' };

export function SyncPanel({ pendingUploads }: Props) {
  const { db, store, device } = useRegister();
  const open = useZustand(screenStore, (s) => s.syncDetailsOpen);
  const online = useZustand(connectionStore, (s) => s.online);
  const lastSyncAt = useZustand(connectionStore, (s) => s.lastSyncAt);
  const failures = useZustand(connectionStore, (s) => s.failures);
  const problems = useZustand(syncProblemsStore, (s) => s.problems);
  const sales = useRecentSales(db, device.deviceId);
  const [retrying, setRetrying] = useState<ReadonlySet<string>>(new Set());
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (open) heading.current?.focus();
  }, [open]);
  if (!open) return null;

  const refusals = new Map(
    problems.filter((p) => p.collection === 'orders').map((p) => [p.id, p.message]),
  );

  async function retry(order: OrderDoc) {
    setRetrying((s) => new Set(s).add(order.id));
    try {
      await retryOrder(device, order);
    } catch {
      // Unreachable or still refused: the connection state and the refusal list already say so.
    } finally {
      setRetrying((s) => {
        const next = new Set(s);
        next.delete(order.id);
        return next;
      });
    }
  }

  return (
    <div className="overlay">
      <div role="dialog" aria-modal="true" aria-labelledby="sync-heading" className="dialog">
        <h2 id="sync-heading" ref={heading} tabIndex={-1}>
          Sync details
        </h2>
        <dl className="sync-facts">
          <div>
            <dt>Connection</dt>
            <dd>{online === null ? 'Checking…' : online ? 'Online' : 'Offline'}</dd>
          </div>
          <div>
            <dt>Pending uploads</dt>
            <dd>{pendingUploads}</dd>
          </div>
          <div>
            <dt>Last successful sync</dt>
            <dd>
              {lastSyncAt ? (
                <time dateTime={lastSyncAt}>{formatDateTime(lastSyncAt, store, SYNC_TIME)}</time>
              ) : (
                'Not yet'
              )}
            </dd>
          </div>
        </dl>
        {failures.length > 0 && (
          <>
            <h3>Sync errors</h3>
            <ul className="sync-failures" aria-label="Sync errors">
              {failures.map((f) => (
                <li key={`${f.collection}/${f.direction}`}>
                  {f.direction === 'pull' ? 'Receiving' : 'Sending'}{' '}
                  {f.collection.replace('_', ' ')}: {f.message} (
                  <time dateTime={f.at}>{formatDateTime(f.at, store, SYNC_TIME)}</time>)
                </li>
              ))}
            </ul>
          </>
        )}
        <h3>Recent sales</h3>
        {sales.length === 0 && <p className="muted">No sales yet.</p>}
        <ul className="sync-sales" aria-label="Sales sync state">
          {sales.map((sale) => {
            const sync = syncOf(sale, refusals.get(sale.order.id));
            const id = shortId(sale.order.id);
            return (
              <li key={sale.order.id} className={`sync-sale ${sync.kind}`}>
                <span className="sale-id">Sale #{id}</span>
                {sync.kind === 'pending' && <span>Pending upload</span>}
                {sync.kind === 'acknowledged' && <span>{sync.text}</span>}
                {sync.kind === 'refused' && (
                  <>
                    <span>Refused: {sync.reason}</span>
                    <button
                      type="button"
                      disabled={retrying.has(sale.order.id)}
                      aria-label={`Retry sale ${id}`}
                      onClick={() => void retry(sale.order)}
                    >
                      Retry
                    </button>
                  </>
                )}
              </li>
            );
          })}
        </ul>
        <ReturnSyncList db={db} deviceId={device.deviceId} />
        <div className="actions">
          <button type="button" onClick={closeSyncPanel}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
