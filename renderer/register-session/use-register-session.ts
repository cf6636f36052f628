import { useMemo } from 'react';
import { combineLatest, map, of, switchMap } from 'rxjs';
import { openSessionId, sessionReport } from '../../domain/register-session';
import type { SessionReport } from '../../domain/register-session';
import { sessionRefunds } from '../../domain/return-refund';
import type { SessionRefund } from '../../domain/return-refund';
import type {
  CashEventDoc,
  OrderDoc,
  RegisterSessionDoc,
  ReturnRequestDoc,
} from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import { useObservable } from '../data/use-observable';

export interface DeviceSessions {
  /** This register's open session, or null when the drawer must be opened first. */
  readonly openId: string | null;
  /** The most recently closed session, for its Z report on the open-register screen. */
  readonly lastClosedId: string | null;
}

const LOADING = undefined;

/** This register's sessions from its own cash events: works offline, survives a reload. */
export function useDeviceSessions(
  db: TillDatabase,
  deviceId: string,
): DeviceSessions | typeof LOADING {
  const source = useMemo(
    () =>
      db.cash_events.find({ selector: { device_id: deviceId } }).$.pipe(
        map((docs) => {
          const events = docs.map((d) => d.toJSON() as CashEventDoc);
          const closes = events
            .filter((e) => e.type === 'close')
            .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));
          return { openId: openSessionId(events), lastClosedId: closes.at(-1)?.session_id ?? null };
        }),
      ),
    [db, deviceId],
  );
  return useObservable<DeviceSessions | typeof LOADING>(source, LOADING);
}

export interface LiveSession {
  /** Figures from this register's own facts: the X report, and the Z report at close. */
  readonly report: SessionReport | null;
  /** The server's record once it has synced: carries the Z number. */
  readonly server: RegisterSessionDoc | null;
}

const NOTHING: LiveSession = { report: null, server: null };

/** The refunds of the session's returns, each after earlier returns of its sale on this register. */
function sessionRefunds$(db: TillDatabase, sessionId: string) {
  return db.return_requests.find({ selector: { register_session_id: sessionId } }).$.pipe(
    map((docs) => docs.map((d) => d.toJSON() as ReturnRequestDoc)),
    switchMap((own) => {
      if (own.length === 0) return of([] as SessionRefund[]);
      const orderIds = [...new Set(own.map((r) => r.order_id))];
      return combineLatest([
        db.orders.findByIds(orderIds).$,
        db.return_requests.find({ selector: { order_id: { $in: orderIds } } }).$,
      ]).pipe(
        map(([orders, ofOrders]) =>
          sessionRefunds(
            own,
            new Map([...orders].map(([id, d]) => [id, d.toJSON() as OrderDoc])),
            ofOrders.map((d) => d.toJSON() as ReturnRequestDoc),
          ),
        ),
      );
    }),
  );
}

/** One session's report, live as sales and cash movements are recorded. */
export function useSessionReport(db: TillDatabase, sessionId: string | null): LiveSession {
  const source = useMemo(() => {
    if (!sessionId) return of(NOTHING);
    const events$ = db.cash_events
      .find({ selector: { session_id: sessionId } })
      .$.pipe(map((docs) => docs.map((d) => d.toJSON() as CashEventDoc)));
    // Orders have no session index; the session's opening time bounds the scan by placed_at.
    const orders$ = events$.pipe(
      switchMap((events) => {
        const open = events.find((e) => e.type === 'open');
        if (!open) return of([] as OrderDoc[]);
        return db.orders
          .find({
            selector: { placed_at: { $gte: open.created_at }, register_session_id: sessionId },
          })
          .$.pipe(map((docs) => docs.map((d) => d.toJSON() as OrderDoc)));
      }),
    );
    const server$ = db.register_sessions
      .findOne(sessionId)
      .$.pipe(map((d) => (d ? (d.toJSON() as RegisterSessionDoc) : null)));
    return combineLatest([events$, orders$, sessionRefunds$(db, sessionId), server$]).pipe(
      map(([events, orders, refunds, server]) => ({
        report: sessionReport(events, orders, refunds),
        server,
      })),
    );
  }, [db, sessionId]);
  return useObservable(source, NOTHING);
}
