import { useMemo } from 'react';
import { combineLatest, map, of, switchMap } from 'rxjs';
import { useStore as useZustand } from 'zustand';
import type { OrderStateDoc, RegisterSessionDoc, ReturnRequestDoc } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import { useObservable } from '../data/use-observable';
import { shortId } from '../receipts/recent-sales';
import { syncProblemsStore } from '../replication/sync-problems';

interface ReturnSync {
  readonly ret: ReturnRequestDoc;
  /** The server has decided it: its state of the sale counts this return. */
  readonly decided: boolean;
  /** What the server raised about it, such as a return cut down because another took it first. */
  readonly exceptions: readonly string[];
}

const NONE: readonly ReturnSync[] = [];

/** This register's returns, newest first, with whether the server has decided each. */
export function useReturnSync(db: TillDatabase, deviceId: string): readonly ReturnSync[] {
  const source = useMemo(
    () =>
      db.return_requests.find({ selector: { device_id: deviceId }, sort: [{ id: 'desc' }] }).$.pipe(
        map((docs) => docs.map((d) => d.toJSON() as ReturnRequestDoc)),
        switchMap((returns) =>
          returns.length === 0
            ? of(NONE)
            : combineLatest([
                db.order_states.findByIds([...new Set(returns.map((r) => r.order_id))]).$,
                // A return without a receipt has no sale's state: its session's record says.
                db.register_sessions.findByIds([
                  ...new Set(returns.flatMap((r) => r.register_session_id ?? [])),
                ]).$,
              ]).pipe(
                map(([states, sessions]) =>
                  returns.map((ret) => {
                    const state = states.get(ret.order_id)?.toJSON() as OrderStateDoc | undefined;
                    const session = sessions.get(ret.register_session_id ?? '')?.toJSON() as
                      RegisterSessionDoc | undefined;
                    return {
                      ret,
                      decided:
                        (state?.return_ids?.includes(ret.id) ?? false) ||
                        (session?.return_ids?.includes(ret.id) ?? false),
                      // The server names the return in the message of each exception about it.
                      exceptions: (state?.exceptions ?? [])
                        .filter((e) => e.resolved_at === null && e.message.includes(ret.id))
                        .map((e) => e.message),
                    };
                  }),
                ),
              ),
        ),
      ),
    [db, deviceId],
  );
  return useObservable(source, NONE);
}

/** Why the server refused each of this register's returns for good, by return id. */
function useReturnRefusals(): ReadonlyMap<string, string> {
  const problems = useZustand(syncProblemsStore, (s) => s.problems);
  return new Map(
    problems.filter((p) => p.collection === 'return_requests').map((p) => [p.id, p.message]),
  );
}

/** Returns still waiting to upload: neither decided by the server nor refused by it. */
export function usePendingReturnCount(db: TillDatabase, deviceId: string): number {
  const refusals = useReturnRefusals();
  return useReturnSync(db, deviceId).filter((r) => !r.decided && !refusals.has(r.ret.id)).length;
}

/** The sync panel's list of returns: pending upload, decided by the server, or refused. */
export function ReturnSyncList({ db, deviceId }: { db: TillDatabase; deviceId: string }) {
  const returns = useReturnSync(db, deviceId);
  const refusals = useReturnRefusals();
  if (returns.length === 0) return null;
  return (
    <>
      <h3>Returns</h3>
      <ul className="sync-sales" aria-label="Returns sync state">
        {returns.map(({ ret, decided, exceptions }) => {
          const refusal = refusals.get(ret.id);
          return (
            <li
              key={ret.id}
              className={`sync-sale ${decided ? 'acknowledged' : refusal ? 'refused' : 'pending'}`}
            >
              <span className="sale-id">
                {ret.order_id === ''
                  ? `Return #${shortId(ret.id)} without a receipt`
                  : `Return #${shortId(ret.id)} of sale #${shortId(ret.order_id)}`}
              </span>
              <span>
                {decided
                  ? 'Received by the server'
                  : refusal
                    ? `Refused: ${refusal}`
                    : 'Pending upload'}
              </span>
              {exceptions.map((message) => (
                <p key={message} role="alert" className="alert">
                  {message}
                </p>
              ))}
            </li>
          );
        })}
      </ul>
    </>
  );
}
