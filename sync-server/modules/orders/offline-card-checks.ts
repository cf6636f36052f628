import { formatMoney } from '../../../domain/money';
import {
  checkOfflineCard,
  offlineCardExpiry,
  offlineCardTotal,
} from '../../../domain/offline-cards';
import type { OrderDoc, StoreSettings } from '../../../domain/schemas';
import type { Queryable } from '../../infra/db/db';
import { raiseException } from '../../infra/exceptions/inbox';

/*
 * The register refuses a store-and-forward card over the store's limits, but a register can be
 * out of date or tampered with, so the server applies them again when the sale arrives. The
 * goods have left by then, so the sale is accepted either way; one that breaks a limit is filed
 * in the exceptions inbox for a manager, never taken silently.
 */

export const OFFLINE_CARD_EXCEPTION = 'offline_card_limit_exceeded';

/**
 * What the register still held on unauthorized cards from its other sales when it took this one:
 * its store-and-forward tenders of sales made before and not yet received by the server then.
 */
async function heldBefore(tx: Queryable, storeId: string, order: OrderDoc): Promise<number> {
  const { rows } = await tx.query<{ held: string | number }>(
    `select coalesce(sum((t ->> 'amount')::bigint), 0) as held
     from orders o cross join lateral jsonb_array_elements(o.doc -> 'tenders') as t
     where o.store_id = $1 and o.device_id = $2 and o.id <> $3
       and o.placed_at <= $4 and o.created_at >= $4
       and t ->> 'method' = 'card' and (t ->> 'offline')::boolean`,
    [storeId, order.device_id, order.id, order.placed_at],
  );
  return Number(rows[0]?.held ?? 0);
}

interface Breach {
  readonly rule: 'sale_limit' | 'device_limit' | 'expiry';
  readonly message: string;
}

function breachesOf(order: OrderDoc, held: number, settings: StoreSettings): Breach[] {
  const money = (n: number) => formatMoney(n, order.currency, 'en-US');
  const taken = offlineCardTotal(order.tenders);
  const breaches: Breach[] = [];
  const check = checkOfflineCard(taken, 0, held, settings);
  if (!check.ok && check.limit === 'sale') {
    breaches.push({
      rule: 'sale_limit',
      message: `took ${money(taken)} on store-and-forward cards, over the per-sale limit of ${money(settings.offline_card_limit_per_sale)}`,
    });
  } else if (!check.ok) {
    breaches.push({
      rule: 'device_limit',
      message: `took ${money(taken)} on store-and-forward cards while its register already held ${money(held)} unauthorized, over the per-register limit of ${money(settings.offline_card_limit_per_device)}`,
    });
  }
  const latest = offlineCardExpiry(new Date(order.placed_at), settings.offline_card_expiry_hours);
  for (const t of order.tenders) {
    if (t.method !== 'card' || !t.offline) continue;
    // No expiry is a sale from before registers set one: the store's own time applies to it.
    if (t.expires_at !== null && Date.parse(t.expires_at) > Date.parse(latest)) {
      breaches.push({
        rule: 'expiry',
        message: `holds a store-and-forward card of ${money(t.amount)} valid until ${t.expires_at}, past the store's ${settings.offline_card_expiry_hours} hours (${latest})`,
      });
    }
  }
  return breaches;
}

/** Files each sale's breaches of the offline card rules; returns the ids of the sales filed. */
export async function reportOfflineCardBreaches(
  tx: Queryable,
  storeId: string,
  settings: StoreSettings,
  orders: readonly OrderDoc[],
): Promise<string[]> {
  const filed: string[] = [];
  for (const order of orders) {
    if (offlineCardTotal(order.tenders) === 0) continue;
    const breaches = breachesOf(order, await heldBefore(tx, storeId, order), settings);
    for (const b of breaches) {
      await raiseException(tx, {
        storeId,
        kind: OFFLINE_CARD_EXCEPTION,
        subjectId: order.id,
        message: `Sale ${order.id} ${b.message}. The sale stands; review it with the register's manager.`,
        detail: { order_id: order.id, device_id: order.device_id, rule: b.rule },
        dedupeKey: `${OFFLINE_CARD_EXCEPTION}:${b.rule}:${order.id}`,
      });
    }
    if (breaches.length > 0) filed.push(order.id);
  }
  return filed;
}
