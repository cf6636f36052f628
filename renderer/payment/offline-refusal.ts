import type { OfflineCardCheck, OfflineCardLimits } from '../../domain/offline-cards';
import type { CardTender } from './tenders';

/** What the cashier is told when an offline card payment is over a limit, and what to do. */
export function offlineRefusal(
  check: Extract<OfflineCardCheck, { ok: false }>,
  limits: OfflineCardLimits,
  money: (amount: number) => string,
): string {
  const left =
    check.allowed > 0 ? `At most ${money(check.allowed)} more can go on a card offline.` : '';
  const why =
    check.limit === 'sale'
      ? `Card refused: offline, one sale may take at most ${money(limits.offline_card_limit_per_sale)} by card.`
      : `Card refused: this register already holds the most it may in offline card payments the server has not confirmed (${money(limits.offline_card_limit_per_device)}).`;
  return `${why} ${left} Take cash, or wait until the register is back online.`.replace(
    /\s+/g,
    ' ',
  );
}

/** What the cashier is told about offline card payments that expired before the sale completed. */
export function expiredCardNotice(
  expired: readonly CardTender[],
  money: (amount: number) => string,
  when: (iso: string) => string,
): string | null {
  if (expired.length === 0) return null;
  const which = expired
    .map((t) => `${money(t.amount)} (${t.reference}, expired ${when(t.expires_at ?? '')})`)
    .join(', ');
  const one = expired.length === 1;
  return `The offline card payment${one ? '' : 's'} ${which} can no longer be charged. Remove ${one ? 'it' : 'them'} and take payment another way.`;
}
