import { useState } from 'react';
import { countedTotal, denominationsOf } from '../../domain/denominations';
import { formatMoney } from '../../domain/money';
import type { DenominationCount } from '../../domain/schemas';
import { useCounter } from '../register/register-context';
import { FormActions, FormError, ModalForm } from '../ui/modal-form';
import { recordCashEvent } from './cash-events';
import { sessionUi } from './session-ui';
import { useSessionReport } from './use-register-session';

interface Props {
  /** A sale in progress must be completed or parked before the drawer is counted. */
  readonly saleInProgress: boolean;
}

/** Count the drawer by denomination, see expected against counted, and close the session. */
export function CloseRegisterDialog(props: Props) {
  const { db, store, device, sessionId, cashier: staff } = useCounter();
  const { report } = useSessionReport(db, sessionId);
  const values = denominationsOf(store.currency);
  const [counts, setCounts] = useState<Record<number, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const money = (amount: number) => formatMoney(amount, store.currency, store.locale);

  const parsed: DenominationCount[] = values.map((value) => ({
    value,
    count: Number(counts[value] || 0),
  }));
  const invalid = parsed.find((c) => !Number.isInteger(c.count) || c.count < 0);
  const counted = invalid ? null : countedTotal(parsed);
  const expected = report?.summary.expected_cash ?? null;
  const difference = counted !== null && expected !== null ? counted - expected : null;

  async function close() {
    if (props.saleInProgress) return setError('Complete or park the sale in progress first.');
    if (invalid || counted === null) {
      return setError(`Count for ${money(invalid?.value ?? 0)} must be a whole number.`);
    }
    setBusy(true);
    const result = await recordCashEvent(db, {
      storeId: store.id,
      deviceId: device.deviceId,
      sessionId,
      staffId: staff.id,
      currency: store.currency,
      type: 'close',
      amount: counted,
      denominations: parsed.filter((c) => c.count > 0),
    });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    sessionUi.show({ kind: 'z-report', sessionId });
  }

  return (
    <ModalForm
      labelledBy="close-register-heading"
      wide
      onClose={() => sessionUi.close()}
      onSubmit={() => void close()}
    >
      <h2 id="close-register-heading">Close register</h2>
      <p className="muted">Count the drawer: how many of each note and coin.</p>
      <div className="denominations">
        {values.map((value) => (
          <label key={value}>
            {money(value)}
            <input
              inputMode="numeric"
              aria-label={`Count of ${money(value)}`}
              value={counts[value] ?? ''}
              onChange={(e) => setCounts({ ...counts, [value]: e.target.value.trim() })}
            />
          </label>
        ))}
      </div>
      <dl className="count-summary">
        <dt>Counted</dt>
        <dd aria-label="Counted">{counted === null ? '—' : money(counted)}</dd>
        <dt>Expected</dt>
        <dd aria-label="Expected">{expected === null ? '—' : money(expected)}</dd>
        <dt>{difference !== null && difference < 0 ? 'Short' : 'Over'}</dt>
        <dd aria-label="Over or short">
          {difference === null ? '—' : money(Math.abs(difference))}
        </dd>
      </dl>
      <FormError message={error} />
      <FormActions submitLabel="Close register" busy={busy} onCancel={() => sessionUi.close()} />
    </ModalForm>
  );
}
