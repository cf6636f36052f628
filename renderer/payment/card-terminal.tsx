import { useId, useState } from 'react';
import { formatMoney, parseMoney } from '../../domain/money';

interface Props {
  readonly currency: string;
  readonly locale: string;
  /** What is left to pay: the amount the terminal is preset to charge. */
  readonly remaining: number;
  readonly online: boolean;
  /** The terminal approved `amount` under `reference`; returns why the register refuses it. */
  onApproved(amount: number, reference: string): string | null;
  onClose(): void;
}

/** A terminal reference as real terminals hand back: opaque, and never card data. */
function terminalReference(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `term_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/*
 * Stands in for the card terminal the register drives: the customer's card goes into the
 * terminal, never into the register, which only receives an approval reference. Real terminals
 * come with the payment providers (issue 4); until then the server records an online card
 * tender as authorized and an offline one as awaiting, and authorizes neither with a provider.
 */
export function CardTerminal({ currency, locale, remaining, online, onApproved, onClose }: Props) {
  const [text, setText] = useState(() => formatMoney(remaining, currency, 'en-US'));
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const amount = parseMoney(text, currency);
  const valid = amount !== null && amount > 0 && amount <= remaining;

  function approve() {
    if (!valid) return;
    const refusal = onApproved(amount, terminalReference());
    setError(refusal);
  }

  return (
    <section className="card-terminal" aria-label="Card terminal">
      <h3>Card terminal</h3>
      <p className="muted">
        {online
          ? 'Online: the terminal approves the payment and the server records it as authorized.'
          : 'Offline: the card payment is stored and forwarded when the server is back.'}
      </p>
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
        <button type="button" className="primary" disabled={!valid} onClick={approve}>
          Approve on terminal
        </button>
      </div>
    </section>
  );
}
