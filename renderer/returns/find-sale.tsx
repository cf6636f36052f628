import { useEffect, useId, useMemo, useState } from 'react';
import { combineLatest, map, of, switchMap } from 'rxjs';
import { useStore as useZustand } from 'zustand';
import { formatMoney } from '../../domain/money';
import { parseSaleQuery } from '../../domain/sale-search';
import type { SaleQuery } from '../../domain/sale-search';
import type { CustomerDoc, OrderDoc, OrderStateDoc, StoreDoc } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import type { DeviceCredentials } from '../device/device-secrets';
import { useObservable } from '../data/use-observable';
import { shortId } from '../receipts/recent-sales';
import { connectionStore } from '../replication/connection-store';
import { ServerError } from '../replication/http';
import { openReturn } from './return-store';
import { matchesSale } from './sale-match';
import type { SaleCandidate } from './sale-match';
import { keepSale, lookUpServerSales } from './server-sales';
import type { LookedUpSale } from './server-sales';
import { formatDateTime } from '../format/store-format';
import { useRegister } from '../register/register-context';

const MAX_RESULTS = 10;
/** Typing pauses this long before the server is asked, so a word is one request, not five. */
const SERVER_PAUSE_MS = 300;

/** The store's sales held here, every register's, that answer the search, newest first. */
function useLocalMatches(db: TillDatabase, query: SaleQuery | null): readonly SaleCandidate[] {
  const source = useMemo(() => {
    if (query === null) return of([] as SaleCandidate[]);
    return db.orders.find({ sort: [{ placed_at: 'desc' }] }).$.pipe(
      map((docs) => docs.map((d) => d.toJSON() as OrderDoc)),
      switchMap((orders) => {
        if (orders.length === 0) return of([] as SaleCandidate[]);
        const customerIds = orders.flatMap((o) => (o.customer_id ? [o.customer_id] : []));
        return combineLatest([
          db.order_states.findByIds(orders.map((o) => o.id)).$,
          customerIds.length === 0 ? of(new Map()) : db.customers.findByIds(customerIds).$,
        ]).pipe(
          map(([states, customers]) =>
            orders.map((order) => {
              const state = states.get(order.id)?.toJSON() as OrderStateDoc | undefined;
              const customer = order.customer_id ? customers.get(order.customer_id) : undefined;
              return {
                order,
                ackId: state && state.status !== 'rejected' ? state.ack_id : null,
                customer: (customer?.toJSON() as CustomerDoc | undefined) ?? null,
              };
            }),
          ),
        );
      }),
      map((candidates) => candidates.filter((c) => matchesSale(c, query))),
    );
  }, [db, query]);
  return useObservable(source, []);
}

type ServerSearch =
  | { readonly status: 'idle' | 'offline' | 'searching' }
  | { readonly status: 'found'; readonly sales: readonly LookedUpSale[] }
  | { readonly status: 'failed'; readonly message: string };

/** The server's matches, asked for once typing pauses; skipped while the register is offline. */
function useServerMatches(device: DeviceCredentials, text: string, valid: boolean): ServerSearch {
  const online = useZustand(connectionStore, (s) => s.online);
  const [answer, setAnswer] = useState<{ readonly text: string; readonly search: ServerSearch }>({
    text: '',
    search: { status: 'idle' },
  });
  useEffect(() => {
    if (!valid || online === false) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      lookUpServerSales(device, text, controller.signal).then(
        (sales) => setAnswer({ text, search: { status: 'found', sales } }),
        (e: unknown) => {
          if (controller.signal.aborted) return;
          // Unreachable: the connection store now says offline, which is shown instead.
          if (e instanceof ServerError) {
            setAnswer({ text, search: { status: 'failed', message: e.message } });
          }
        },
      );
    }, SERVER_PAUSE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [device, text, valid, online]);
  if (!valid) return { status: 'idle' };
  if (online === false) return { status: 'offline' };
  return answer.text === text ? answer.search : { status: 'searching' };
}

interface SaleRow {
  readonly order: OrderDoc;
  readonly customer: string | null;
  readonly onReturn: () => void;
}

function SaleList(props: {
  readonly label: string;
  readonly rows: readonly SaleRow[];
  readonly store: StoreDoc;
}) {
  const { locale } = props.store;
  if (props.rows.length === 0) return null;
  return (
    <ul className="recent" aria-label={props.label}>
      {props.rows.slice(0, MAX_RESULTS).map(({ order, customer, onReturn }) => (
        <li key={order.id} className="recent-sale">
          <span className="sale-id">#{shortId(order.id)}</span>
          <time dateTime={order.placed_at}>{formatDateTime(order.placed_at, props.store)}</time>
          <span className="sale-total">
            {formatMoney(order.totals.total, order.currency, locale)}
          </span>
          {customer && <span>{customer}</span>}
          <button
            type="button"
            aria-label={`Return items from sale ${shortId(order.id)}`}
            onClick={onReturn}
          >
            Return
          </button>
        </li>
      ))}
    </ul>
  );
}

/**
 * Finding a sale to return by search: the store's recent sales are on this register (offline
 * too), older ones come from the server; a scanned receipt opens its sale directly.
 */
export function FindSale() {
  const { db, store, device } = useRegister();
  const [text, setText] = useState('');
  const [keepError, setKeepError] = useState<string | null>(null);
  const inputId = useId();
  const typed = text.trim();
  const parsed = useMemo(() => (typed === '' ? null : parseSaleQuery(typed)), [typed]);
  const query = parsed?.ok ? parsed.value : null;
  const local = useLocalMatches(db, query);
  const server = useServerMatches(device, typed, query !== null);
  const held = new Set(local.map((c) => c.order.id));
  const older = server.status === 'found' ? server.sales.filter((s) => !held.has(s.order.id)) : [];

  async function returnFromServer(sale: LookedUpSale) {
    setKeepError(null);
    try {
      await keepSale(db, sale);
      openReturn(sale.order.id);
    } catch (e) {
      setKeepError((e as Error).message);
    }
  }

  return (
    <section className="panel" aria-labelledby={`${inputId}-heading`}>
      <h2 id={`${inputId}-heading`}>Returns</h2>
      <label htmlFor={inputId} className="field-label">
        Find a sale to return
      </label>
      <input
        id={inputId}
        type="search"
        placeholder="#12, order id, customer, card reference or date (2026-12-01); or scan the receipt"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {parsed && !parsed.ok && <p className="muted">{parsed.error.message}</p>}
      {query && local.length === 0 && <p className="muted">No sale on this register matches.</p>}
      <SaleList
        label="Sales found"
        store={store}
        rows={local.map((c) => ({
          order: c.order,
          customer: c.customer?.name ?? null,
          onReturn: () => openReturn(c.order.id),
        }))}
      />
      {server.status === 'offline' && <p className="muted">Older sales need the server: offline</p>}
      {server.status === 'searching' && <p className="muted">Asking the server for older sales…</p>}
      {server.status === 'failed' && <p className="muted">{server.message}</p>}
      {server.status === 'found' && older.length === 0 && (
        <p className="muted">The server has no other sale that matches.</p>
      )}
      <SaleList
        label="Older sales from the server"
        store={store}
        rows={older.map((sale) => ({
          order: sale.order,
          customer: sale.customer_name,
          onReturn: () => void returnFromServer(sale),
        }))}
      />
      {keepError && (
        <p role="alert" className="alert">
          {keepError}
        </p>
      )}
    </section>
  );
}
