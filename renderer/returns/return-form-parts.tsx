import { useId } from 'react';

/** The refund methods a return form offers, as one radio group named "Refund". */
export function RefundMethodChoice<M extends string>({
  options,
  value,
  onChange,
}: {
  readonly options: readonly { readonly value: M; readonly label: string }[];
  readonly value: M;
  readonly onChange: (method: M) => void;
}) {
  const name = useId();
  return (
    <fieldset>
      <legend>Refund</legend>
      {options.map((o) => (
        <label key={o.value}>
          <input
            type="radio"
            name={name}
            checked={value === o.value}
            onChange={() => onChange(o.value)}
          />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

/** A return form's foot: complete it (when something is chosen) or cancel. */
export function ReturnActions({
  canComplete,
  onCancel,
}: {
  readonly canComplete: boolean;
  readonly onCancel: () => void;
}) {
  return (
    <div className="actions">
      <button type="submit" className="primary" disabled={!canComplete}>
        Complete return
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

/** A returned line's reason (from the store's list) and whether it goes back to stock. */
export function ReasonAndRestockCells({
  name,
  reasons,
  reason,
  restock,
  disabled = false,
  onChange,
}: {
  readonly name: string;
  readonly reasons: readonly string[];
  readonly reason: string;
  readonly restock: boolean;
  readonly disabled?: boolean;
  readonly onChange: (patch: { reason?: string; restock?: boolean }) => void;
}) {
  return (
    <>
      <td>
        <select
          aria-label={`Reason for ${name}`}
          value={reason}
          disabled={disabled}
          onChange={(e) => onChange({ reason: e.target.value })}
        >
          {reasons.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </td>
      <td>
        <input
          type="checkbox"
          aria-label={`Back to stock: ${name}`}
          checked={restock}
          disabled={disabled}
          onChange={(e) => onChange({ restock: e.target.checked })}
        />
      </td>
    </>
  );
}

/** How many units of a line come back: a whole number from 0 up to `max` (none: no cap). */
export function ReturnQuantityCell({
  name,
  quantity,
  max,
  disabled = false,
  onChange,
}: {
  readonly name: string;
  readonly quantity: number;
  readonly max?: number;
  readonly disabled?: boolean;
  readonly onChange: (quantity: number) => void;
}) {
  return (
    <td>
      <input
        type="number"
        min={0}
        max={max}
        step={1}
        disabled={disabled}
        aria-label={`Return quantity for ${name}`}
        value={quantity}
        onChange={(e) =>
          onChange(Math.max(0, Math.min(max ?? Infinity, Math.trunc(Number(e.target.value) || 0))))
        }
      />
    </td>
  );
}
