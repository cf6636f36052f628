import { useEffect, useId, useState } from 'react';
import { useStore as useZustand } from 'zustand';
import { uuidv7 } from '../../domain/ids';
import { currencyExponent, formatMoney, parseMoney } from '../../domain/money';
import type { TaxRateDoc } from '../../domain/schemas';
import { nextRoundAmounts } from '../cart/cash-amounts';
import { completeSale } from './complete-sale';
import { removeTender, takeCard } from './take-card';
import { CardTerminal } from './card-terminal';
import { expiredCardNotice } from './offline-refusal';
import { applyTenders, expiredCards } from './tenders';
import type { TenderEntry } from './tenders';
import { usePlatform } from '../platform/platform-context';
import { connectionStore } from '../replication/connection-store';
import { formatDateTime } from '../format/store-format';
import { ApprovalRefusal } from '../staff/approval-refusal';
import { approveWhatIsMissing } from '../cart/cart-approvals';
import { usePendingOrders } from '../data/use-sales';
import { ui, useRegisterUi } from '../register/ui-store';
import { useCounter } from '../register/register-context';

interface Props {
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

export function PaymentPanel({ taxRates, total }: Props) {
  const { db, store, cashier, device, sessionId } = useCounter();
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
  /** Why the sale was not completed, and whether a manager's approval would complete it. */
  const [refusal, setRefusal] = useState<{ message: string; needsManager: boolean } | null>(null);
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

  async function complete() {
    if (!covered || saving) return;
    setSaving(true);
    setRefusal(null);
    const payments = withTyped.map((e) => (e.id === TYPED_CASH ? { ...e, id: uuidv7() } : e));
    const counter = { db, platform, store, taxRates, deviceId, cashierId: cashier.id, sessionId };
    const outcome = await completeSale(counter, payments, new Date());
    if (!outcome.ok) setRefusal(outcome);
    setSaving(false);
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
                    onClick={() => {
                      setNotice(null);
                      void removeTender(db, device, t.id).then(setNotice, (e: unknown) =>
                        setRefusal({
                          message: `The card was not removed: ${(e as Error).message}`,
                          needsManager: false,
                        }),
                      );
                    }}
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
          onApproved={async (amount, token) => {
            const read = {
              amount,
              token,
              online,
              taken: taken.tenders,
              pending,
              now: () => new Date(),
            };
            const refused = await takeCard(device, store, read);
            if (refused === null) setTerminalOpen(false);
            return refused;
          }}
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
      {refusal &&
        (refusal.needsManager ? (
          <ApprovalRefusal disabled={saving} onAsk={() => void askManager()}>
            {refusal.message}
          </ApprovalRefusal>
        ) : (
          <p role="alert" className="alert">
            {refusal.message}
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
