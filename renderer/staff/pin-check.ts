import { verifyPin } from '../../domain/pin';
import type { StaffDoc, StoreDoc } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import { afterFailure, lockedUntil, NO_ATTEMPTS, restoreAttempts, triesLeft } from './pin-lockout';
import type { PinAttemptsByStaff } from './pin-lockout';
import { recordAudit } from './audit';
import { formatDateTime } from '../format/store-format';

const ATTEMPTS_DOC = 'pin-attempts';

export type PinCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly message: string; readonly locked: boolean };

/** Read-modify-write of the attempts document, one at a time. */
let chain: Promise<unknown> = Promise.resolve();

function lockMessage(staff: StaffDoc, until: Date, store: StoreDoc): string {
  const time = formatDateTime(until, store, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return `${staff.name} is locked on this register until ${time} after too many wrong PINs.`;
}

/**
 * Checks a staff member's PIN offline against the replicated hash, counting failures on this
 * register: a locked member is refused without the PIN even being tried.
 */
export function checkPin(
  db: TillDatabase,
  store: StoreDoc,
  staff: StaffDoc,
  pin: string,
  ctx: { readonly deviceId: string; readonly now?: () => Date },
): Promise<PinCheck> {
  const now = ctx.now ?? (() => new Date());
  const run = async (): Promise<PinCheck> => {
    const doc = await db.getLocal<PinAttemptsByStaff>(ATTEMPTS_DOC);
    const all = restoreAttempts(doc?.toJSON().data);
    const mine = all[staff.id] ?? NO_ATTEMPTS;
    const before = lockedUntil(mine, now());
    if (before) return { ok: false, locked: true, message: lockMessage(staff, before, store) };

    const valid = staff.active && (await verifyPin(pin, staff));
    const next = valid ? NO_ATTEMPTS : afterFailure(mine, now(), store.settings);
    await db.upsertLocal<PinAttemptsByStaff>(ATTEMPTS_DOC, { ...all, [staff.id]: next });
    if (valid) return { ok: true };
    const until = lockedUntil(next, now());
    if (until) {
      // A lockout is what a PIN-guessing attempt looks like: the back office sees each one.
      await recordAudit(
        db,
        {
          storeId: store.id,
          deviceId: ctx.deviceId,
          staffId: staff.id,
          approverId: null,
          action: 'staff.locked_out',
          subjectId: staff.id,
          detail: `${mine.failures + 1} wrong PINs; locked until ${until.toISOString()}`,
        },
        now(),
      );
      return { ok: false, locked: true, message: lockMessage(staff, until, store) };
    }
    const left = triesLeft(next, store.settings);
    return {
      ok: false,
      locked: false,
      message: `Wrong PIN for ${staff.name}. ${left} ${left === 1 ? 'try' : 'tries'} left before a lockout.`,
    };
  };
  const result = chain.then(run, run);
  chain = result.catch(() => undefined);
  return result;
}
