import { useState } from 'react';
import { FormActions, FormError, ModalForm } from '../ui/modal-form';
import { recordCashEvent } from './cash-events';
import { readAmount } from './money-field';
import { sessionUi } from './session-ui';
import { useCounter } from '../register/register-context';

/** Paid in or paid out of the drawer, with a reason that goes on the Z report's record. */
export function CashMovementDialog() {
  const { db, store, device, sessionId, cashier: staff } = useCounter();
  const { deviceId } = device;
  const [type, setType] = useState<'paid_in' | 'paid_out'>('paid_out');
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    const read = readAmount(amountText, store.currency);
    if (read.error !== null) return setError(read.error);
    setBusy(true);
    const result = await recordCashEvent(db, {
      storeId: store.id,
      deviceId,
      sessionId,
      staffId: staff.id,
      currency: store.currency,
      type,
      amount: read.amount,
      reason,
    });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    sessionUi.close();
  }

  return (
    <ModalForm
      labelledBy="cash-movement-heading"
      onClose={() => sessionUi.close()}
      onSubmit={() => void submit()}
    >
      <h2 id="cash-movement-heading">Paid in / paid out</h2>
      <fieldset className="choice">
        <legend>Direction</legend>
        <label>
          <input
            type="radio"
            name="direction"
            checked={type === 'paid_in'}
            onChange={() => setType('paid_in')}
          />{' '}
          Paid in
        </label>
        <label>
          <input
            type="radio"
            name="direction"
            checked={type === 'paid_out'}
            onChange={() => setType('paid_out')}
          />{' '}
          Paid out
        </label>
      </fieldset>
      <label>
        Amount
        <input
          autoFocus
          inputMode="decimal"
          value={amountText}
          onChange={(e) => setAmountText(e.target.value)}
        />
      </label>
      <label>
        Reason
        <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
      </label>
      <FormError message={error} />
      <FormActions submitLabel="Record" busy={busy} onCancel={() => sessionUi.close()} />
    </ModalForm>
  );
}
