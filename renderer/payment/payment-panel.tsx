import { useEffect, useId, useState } from 'react';
import { useStore as useZustand } from 'zustand';
import { uuidv7 } from '../../domain/ids';
import { addMinor, currencyExponent, formatMoney, parseMoney } from '../../domain/money';
import type { StaffDoc, StoreDoc, TaxRateDoc } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import { missingCartApprovals } from '../cart/adjustments';
import { nextRoundAmounts } from '../cart/cash-amounts';
import { buildSaleOrder } from '../cart/sale-order';
import { completeActiveDraft, useDraftUi } from '../drafts/draft-actions';
import type { DeviceCredentials } from '../device/device-secrets';
import { authorizeCard } from './authorize-card';
import { CardTerminal } from './card-terminal';
import { flushCardCancels, pendingCardCancels, queueCardCancel } from './card-cancels';
import { expiredCardNotice, offlineRefusal } from './offline-refusal';
import {
  applyTenders,
  checkOfflineCard,
  expiredCards,
  offlineCardExpiry,
  offlineCardTotal,
} from './tenders';
import type { TenderEntry } from './tenders';
import { openDrawerForSale } from '../platform/drawer';
import { usePlatform } from '../platform/platform-context';
import { connectionStore } from '../replication/connection-store';
import { formatDateTime } from '../format/store-format';
import { ApprovalRefusal } from '../staff/approval-refusal';
import { approveWhatIsMissing } from '../cart/cart-approvals';
import { usePendingOrders } from '../data/register-data';
import { ui, useRegisterUi } from '../register/ui-store';
import { saveCart } from '../cart/use-cart-persistence';
import { recordExchangeReturn } from '../returns/record-return';

interface Props {
  readonly db: TillDatabase;
  readonly store: StoreDoc;
  readonly cashier: StaffDoc;
  readonly device: DeviceCredentials;
  /** The open register session the sale is taken in. */
  readonly sessionId: string;
  readonly taxRates: ReadonlyMap<string, TaxRateDoc>;
  readonly total: number;
}

/*
 * The keypad-style text parseMoney reads in any currency ("€20.00", "CHF 20.00", "¥2,000"), so
 * a quick-amount tap puts text in the field that reads back as exactly that amount.
 */
const asTyped = (amount: number, currency: string) => formatMoney(amount, currency, 'en-US');

/** The cash being typed counts as the last tender, so "type the amount, Complete sale" still works. */
const TYPED_CASH = 'typed-cash';
const NO_TENDERS: readonly TenderEntry[] = [];

/** The time now, moved on every `everyMs`, so what depends on it shows without a reload. */
function useNow(everyMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export function PaymentPanel({ db, store, cashier, device, sessionId, taxRates, total }: Props) {
  const deviceId = device.deviceId;
  const platform = usePlatform();
  const text = useRegisterUi((s) => s.tenderedText);
  const online = useZustand(connectionStore, (s) => s.online === true);
  const pending = usePendingOrders(db, deviceId);
  const stored = useRegisterUi((s) => s.cart.tenders ?? NO_TENDERS);
  const exchange = useRegisterUi((s) => s.cart.exchange);
  // An exchange's returned goods pay first, up to the whole sale; the rest is paid as usual.
  const credit: readonly TenderEntry[] = exchange
    ? [
        {
          id: exchange.return.id,
          method: 'exchange',
          amount: Math.min(exchange.value, total),
          return_id: exchange.return.id,
        },
      ]
    : NO_TENDERS;
  const entries = [...credit, ...stored];
  const setEntries = (next: readonly TenderEntry[]) =>
    ui.setTenders(next.filter((e) => e.method !== 'exchange'));
  const [terminalOpen, setTerminalOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** The error is a refusal for want of a manager's approval, which may be asked for here. */
  const [needsManager, setNeedsManager] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const inputId = useId();
  const money = (amount: number) => formatMoney(amount, store.currency, store.locale);

  const taken = applyTenders(total, entries);
  const typed = parseMoney(text, store.currency);
  const withTyped: readonly TenderEntry[] =
    typed !== null && typed > 0
      ? [...entries, { id: TYPED_CASH, method: 'cash', tendered: typed }]
      : entries;
  const applied = applyTenders(total, withTyped);
  // A card taken offline in a cart restored or resumed later may have expired meanwhile.
  const now = useNow(30_000);
  const expiredNotice = expiredCardNotice(expiredCards(stored, now), money, (iso) =>
    formatDateTime(iso, store, { dateStyle: 'short', timeStyle: 'short' }),
  );
  const covered = applied.problem === null && expiredNotice === null;
  const quick = nextRoundAmounts(taken.remaining, currencyExponent(store.currency));

  function addCash() {
    if (typed === null || typed <= 0) return;
    setEntries([...entries, { id: uuidv7(), method: 'cash', tendered: typed }]);
    ui.setTendered('');
  }

  /**
   * Online, the server authorizes the card before it counts; with no answer from the server
   * or its provider, the card is taken store-and-forward within the offline limits.
   */
  async function approveCard(amount: number, token: string): Promise<string | null> {
    const tenderId = uuidv7();
    const orderId = useRegisterUi.getState().cart.order_id;
    if (online && orderId) {
      const auth = await authorizeCard(device, {
        tender_id: tenderId,
        order_id: orderId,
        amount,
        currency: store.currency,
        token,
      });
      if (auth.kind === 'refused') return `Card refused: ${auth.message}`;
      if (auth.kind === 'authorized') {
        addCard(tenderId, amount, token, false);
        return null;
      }
    }
    const check = checkOfflineCard(
      amount,
      offlineCardTotal(taken.tenders),
      pending.reduce((sum, order) => addMinor(sum, offlineCardTotal(order.tenders)), 0),
      store.settings,
    );
    if (!check.ok) return offlineRefusal(check, store.settings, money);
    addCard(tenderId, amount, token, true);
    return null;
  }

  /**
   * A card the server authorized holds the customer's money until canceled: the cancel is queued
   * before the tender leaves the cart, so a reload in between still releases the hold, and sent
   * now or once the server is back.
   */
  async function removeTender(id: string) {
    const entry = stored.find((e) => e.id === id);
    const held = entry?.method === 'card' && !entry.offline;
    setNotice(null);
    if (held) await queueCardCancel(db, id);
    ui.setTenders((useRegisterUi.getState().cart.tenders ?? NO_TENDERS).filter((e) => e.id !== id));
    if (!held) return;
    await flushCardCancels(db, device);
    setNotice(
      (await pendingCardCancels(db)).includes(id)
        ? 'Card removed. The hold on the card is released once the server is reachable.'
        : 'Card removed and its hold released.',
    );
  }

  function addCard(id: string, amount: number, reference: string, offline: boolean) {
    const entries = useRegisterUi.getState().cart.tenders ?? NO_TENDERS;
    setEntries([
      ...entries,
      {
        id,
        method: 'card',
        amount,
        reference,
        offline,
        expires_at: offline
          ? offlineCardExpiry(new Date(), store.settings.offline_card_expiry_hours)
          : null,
      },
    ]);
    setTerminalOpen(false);
  }

  async function complete() {
    if (!covered || saving) return;
    if (expiredCards(stored, new Date()).length > 0) {
      setError('An offline card payment has expired: remove it and take payment another way.');
      return;
    }
    setSaving(true);
    setError(null);
    setNeedsManager(false);
    const { cart } = useRegisterUi.getState();
    const result = buildSaleOrder({
      cart,
      store,
      taxRates,
      deviceId,
      cashierId: cashier.id,
      registerSessionId: sessionId,
      payments: withTyped.map((e) => (e.id === TYPED_CASH ? { ...e, id: uuidv7() } : e)),
      draftId: useDraftUi.getState().active?.draft_id ?? null,
      now: new Date(),
      newId: uuidv7,
    });
    try {
      if (!result.ok) {
        setError(result.error.message);
        const threshold = store.settings.discount_approval_bps;
        setNeedsManager(missingCartApprovals(ui.fixSaleId(), threshold).length > 0);
        return;
      }
      // The cart naming this order id is saved first: should the register die after the order
      // is written, the cart it restores is recognised as sold, never sold again.
      await saveCart(db, cart);
      // One insert: the order is the whole sale, written locally whether or not the server is up.
      await db.orders.insert(result.value);
      const returned = cart.exchange
        ? await recordExchangeReturn(db, cart.exchange, result.value)
        : null;
      const cashBack = returned?.refund_amount ?? 0;
      if (result.value.tenders.some((t) => t.method === 'cash') || cashBack > 0) {
        void openDrawerForSale(platform);
      }
      const change = result.value.tenders.reduce(
        (sum, t) => (t.method === 'cash' ? addMinor(sum, t.change) : sum),
        0,
      );
      ui.saleCompleted(
        returned
          ? `Exchange complete — ${cashBack > 0 ? `cash back ${money(cashBack)}` : `change due ${money(change)}`}`
          : `Sale complete — change due ${money(change)}`,
      );
      if (result.value.draft_id) {
        // The sale stands either way; the draft only stops showing as resumed.
        await completeActiveDraft(db, deviceId).catch((e: unknown) =>
          console.error('could not mark the parked sale completed', e),
        );
      }
    } catch (e) {
      setError(`The sale was not saved: ${(e as Error).message}`);
    } finally {
      setSaving(false);
    }
  }

  /** Asks a manager for what the refused sale lacks, then completes it as the cashier meant to. */
  async function askManager() {
    setSaving(true);
    const approved = await approveWhatIsMissing(store).finally(() => setSaving(false));
    if (approved) await complete();
  }

  return (
    <section className="panel payment-panel" aria-label="Payment">
      <h2>Payment</h2>
      <p className="due">
        Amount due <strong>{money(total)}</strong>
      </p>
      {entries.length > 0 && (
        <>
          <ol className="tenders" aria-label="Tenders">
            {taken.tenders.map((t, i) => (
              <li key={t.id} className="tender">
                <span>
                  {t.method === 'cash'
                    ? `Cash ${money(t.amount)}${t.change > 0 ? ` (tendered ${money(t.tendered)})` : ''}`
                    : t.method === 'card'
                      ? `Card ${money(t.amount)} · ${t.reference}${t.offline ? ' · offline, awaiting authorization' : ''}`
                      : `Exchange credit ${money(t.amount)}`}
                </span>
                {t.method !== 'exchange' && (
                  <button
                    type="button"
                    className="remove"
                    aria-label={`Remove tender ${i + 1}`}
                    onClick={() =>
                      void removeTender(t.id).catch((e: unknown) =>
                        setError(`The card was not removed: ${(e as Error).message}`),
                      )
                    }
                  >
                    ✕
                  </button>
                )}
              </li>
            ))}
          </ol>
          <p className="remaining">Left to pay: {money(taken.remaining)}</p>
        </>
      )}
      <label htmlFor={inputId} className="field-label">
        Amount tendered
      </label>
      <input
        id={inputId}
        className="tendered"
        inputMode="decimal"
        autoComplete="off"
        autoFocus
        value={text}
        aria-invalid={text.trim() !== '' && typed === null}
        onChange={(e) => ui.setTendered(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && covered) void complete();
        }}
      />
      <div className="quick-amounts">
        <button
          type="button"
          disabled={taken.remaining === 0}
          onClick={() => ui.setTendered(asTyped(taken.remaining, store.currency))}
        >
          Exact
        </button>
        {taken.remaining > 0 &&
          quick.map((amount) => (
            <button
              key={amount}
              type="button"
              onClick={() => ui.setTendered(asTyped(amount, store.currency))}
            >
              {money(amount)}
            </button>
          ))}
        <button
          type="button"
          disabled={typed === null || typed <= 0 || taken.remaining === 0}
          onClick={addCash}
        >
          Add cash
        </button>
      </div>
      {text.trim() !== '' && typed === null && (
        <p className="field-error">Enter an amount like 20 or 20.00.</p>
      )}
      <p className="change">Change due: {money(applied.change)}</p>
      {terminalOpen ? (
        <CardTerminal
          currency={store.currency}
          locale={store.locale}
          remaining={taken.remaining}
          online={online}
          onApproved={approveCard}
          onClose={() => setTerminalOpen(false)}
        />
      ) : (
        <button
          type="button"
          disabled={taken.remaining === 0}
          onClick={() => setTerminalOpen(true)}
        >
          Pay by card
        </button>
      )}
      {withTyped.length > 0 && applied.problem !== null && applied.remaining === 0 && (
        <p className="field-error">{applied.problem}</p>
      )}
      {expiredNotice && (
        <p role="alert" className="alert" aria-label="Expired card payment">
          {expiredNotice}
        </p>
      )}
      {notice && <p role="status">{notice}</p>}
      {error &&
        (needsManager ? (
          <ApprovalRefusal disabled={saving} onAsk={() => void askManager()}>
            {error}
          </ApprovalRefusal>
        ) : (
          <p role="alert" className="alert">
            {error}
          </p>
        ))}
      <div className="actions">
        <button
          type="button"
          className="secondary"
          // An approved card payment is money taken: it must be removed (refunded) first.
          disabled={entries.some((e) => e.method === 'card')}
          onClick={() => ui.closePayment()}
        >
          Cancel
        </button>
        <button
          type="button"
          className="primary"
          disabled={!covered || saving}
          onClick={() => void complete()}
        >
          Complete sale
        </button>
      </div>
    </section>
  );
}
