import { uuidv7 } from '../../domain/ids';
import { addMinor, formatMoney } from '../../domain/money';
import type { OrderDoc, StoreDoc, Tender } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import type { DeviceCredentials } from '../device/device-secrets';
import { ui, useRegisterUi } from '../register/ui-store';
import { authorizeCard } from './authorize-card';
import { flushCardCancels, pendingCardCancels, queueCardCancel } from './card-cancels';
import { offlineRefusal } from './offline-refusal';
import { checkOfflineCard, offlineCardExpiry, offlineCardTotal } from './tenders';
import type { TenderEntry } from './tenders';

const cartTenders = (): readonly TenderEntry[] => useRegisterUi.getState().cart.tenders ?? [];

export interface CardRead {
  readonly amount: number;
  /** The terminal's token for the card: the register never sees its number. */
  readonly token: string;
  readonly online: boolean;
  /** The sale's tenders as applied so far, for the offline limit per sale. */
  readonly taken: readonly Tender[];
  /** This register's sales the server has not acknowledged, for the limit per register. */
  readonly pending: readonly OrderDoc[];
  /** The clock an offline card's expiry runs from. */
  readonly now: () => Date;
}

/**
 * Takes a card the terminal read into the cart's tenders; resolves to why it was refused, or
 * null. Online, the server authorizes the card before it counts; with no answer from the server
 * or its provider, the card is taken store-and-forward within the offline limits.
 */
export async function takeCard(
  device: DeviceCredentials,
  store: StoreDoc,
  read: CardRead,
): Promise<string | null> {
  const { amount, token } = read;
  const tenderId = uuidv7();
  const orderId = useRegisterUi.getState().cart.order_id;
  const add = (offline: boolean) =>
    ui.setTenders([
      ...cartTenders(),
      {
        id: tenderId,
        method: 'card',
        amount,
        reference: token,
        offline,
        expires_at: offline
          ? offlineCardExpiry(read.now(), store.settings.offline_card_expiry_hours)
          : null,
      },
    ]);
  if (read.online && orderId) {
    const auth = await authorizeCard(device, {
      tender_id: tenderId,
      order_id: orderId,
      amount,
      currency: store.currency,
      token,
    });
    if (auth.kind === 'refused') return `Card refused: ${auth.message}`;
    if (auth.kind === 'authorized') {
      add(false);
      return null;
    }
  }
  const check = checkOfflineCard(
    amount,
    offlineCardTotal(read.taken),
    read.pending.reduce((sum, order) => addMinor(sum, offlineCardTotal(order.tenders)), 0),
    store.settings,
  );
  if (!check.ok) {
    const money = (m: number) => formatMoney(m, store.currency, store.locale);
    return offlineRefusal(check, store.settings, money);
  }
  add(true);
  return null;
}

/**
 * Takes a tender out of the cart; resolves to what the cashier is told, or null. A card the
 * server authorized holds the customer's money until canceled: the cancel is queued before the
 * tender leaves the cart, so a reload in between still releases the hold, and sent now or once
 * the server is back.
 */
export async function removeTender(
  db: TillDatabase,
  device: DeviceCredentials,
  id: string,
): Promise<string | null> {
  const entry = cartTenders().find((e) => e.id === id);
  const held = entry?.method === 'card' && !entry.offline;
  if (held) await queueCardCancel(db, id);
  ui.setTenders(cartTenders().filter((e) => e.id !== id));
  if (!held) return null;
  await flushCardCancels(db, device);
  return (await pendingCardCancels(db)).includes(id)
    ? 'Card removed. The hold on the card is released once the server is reachable.'
    : 'Card removed and its hold released.';
}
