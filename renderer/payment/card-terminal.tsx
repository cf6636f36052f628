import { useId, useState } from 'react';
import { formatMoney, parseMoney } from '../../domain/money';

interface Props {
  readonly currency: string;
  readonly locale: string;
  /** What is left to pay: the amount the terminal is preset to charge. */
  readonly remaining: number;
  readonly online: boolean;
  /** The terminal read a card for `amount`; resolves to why it was refused, or null. */
  onApproved(amount: number, token: string): Promise<string | null>;
  onClose(): void;
}

/**
 * The cards a customer can present to the demo terminal, as the provider tokens a real terminal
 * hands back after reading a card: the gateway sandbox's test cards, one of which is declined
 * when the server authorizes it. The register never sees a card number.
 */
const TEST_CARDS = [
  { token: 'pm_card_visa', label: 'Visa' },
  { token: 'pm_card_mastercard', label: 'Mastercard' },
  { token: 'pm_card_amex', label: 'American Express' },
  { token: 'pm_card_chargeDeclinedInsufficientFunds', label: 'Visa (insufficient funds)' },
] as const;

/*
 * Stands in for the card terminal the register drives: the customer's card goes into the
 * terminal, never into the register, which only receives the terminal's token for it. The
 * server authorizes and captures it through the store's card provider once the sale arrives.
 */
export function CardTerminal({ currency, locale, remaining, online, onApproved, onClose }: Props) {
  const [text, setText] = useState(() => formatMoney(remaining, currency, 'en-US'));
  const [error, setError] = useState<string | null>(null);
  const [card, setCard] = useState<string>(TEST_CARDS[0].token);
  const inputId = useId();
  const cardId = useId();
  const amount = parseMoney(text, currency);
  const valid = amount !== null && amount > 0 && amount <= remaining;

  const [busy, setBusy] = useState(false);

  async function approve() {
    if (!valid || busy) return;
    setBusy(true);
    try {
      setError(await onApproved(amount, card));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card-terminal" aria-label="Card terminal">
      <h3>Card terminal</h3>
      <p className="muted">
        {online
          ? 'Online: the server authorizes and captures the payment when the sale reaches it.'
          : 'Offline: the card payment is stored and forwarded when the server is back.'}
      </p>
      <label htmlFor={cardId} className="field-label">
        Card presented
      </label>
      <select id={cardId} value={card} onChange={(e) => setCard(e.target.value)}>
        {TEST_CARDS.map((c) => (
          <option key={c.token} value={c.token}>
            {c.label}
          </option>
        ))}
      </select>
      <label htmlFor={inputId} className="field-label">
        Card amount
      </label>
      <input
        id={inputId}
        inputMode="decimal"
        autoComplete="off"
        value={text}
        aria-invalid={!valid}
        onChange={(e) => {
          setText(e.target.value);
          setError(null);
        }}
      />
      {!valid && (
        <p className="field-error">
          Enter an amount above zero and at most {formatMoney(remaining, currency, locale)}.
        </p>
      )}
      {error && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" className="secondary" onClick={onClose}>
          Close terminal
        </button>
        <button
          type="button"
          className="primary"
          disabled={!valid || busy}
          onClick={() => void approve()}
        >
          {busy ? 'Authorizing…' : 'Approve on terminal'}
        </button>
      </div>
    </section>
  );
}
