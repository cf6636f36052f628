import { useState } from 'react';

interface Props {
  readonly name: string;
  readonly quantity: number;
  readonly onChange: (quantity: number) => void;
}

/**
 * A quantity field that lets the cashier clear it and type a new number: the text being typed
 * is kept locally, and only a whole number of at least one reaches the cart.
 */
export function QuantityInput({ name, quantity, onChange }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <input
      className="quantity"
      type="number"
      inputMode="numeric"
      min={1}
      step={1}
      aria-label={`Quantity for ${name}`}
      value={draft ?? String(quantity)}
      onChange={(e) => {
        setDraft(e.target.value);
        const next = Number(e.target.value);
        if (e.target.value !== '' && Number.isInteger(next) && next >= 1) onChange(next);
      }}
      onBlur={() => setDraft(null)}
    />
  );
}
