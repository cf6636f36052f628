import { useState } from 'react';
import { uuidv7 } from '../../domain/ids';
import { FormActions, FormError } from '../ui/modal-form';
import { recordCashEvent } from './cash-events';
import { readAmount } from './money-field';
import { sessionUi } from './session-ui';
import { useRegister, useCashier } from '../register/register-context';

interface Props {
  readonly lastClosedId: string | null;
}

/** Before the first sale of a shift: the drawer is opened with a counted float. */
export function OpenRegisterScreen({ lastClosedId }: Props) {
  const { db, store, device } = useRegister();
  const { deviceId } = device;
  const staff = useCashier();
  const [floatText, setFloatText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function open() {
    const read = readAmount(floatText, store.currency);
    if (read.error !== null) return setError(read.error);
    setBusy(true);
    const result = await recordCashEvent(db, {
      storeId: store.id,
      deviceId,
      sessionId: uuidv7(),
      staffId: staff.id,
      currency: store.currency,
      type: 'open',
      amount: read.amount,
    });
    setBusy(false);
    if (!result.ok) setError(result.error.message);
  }

  return (
    <main className="sign-in">
      <form
        className="panel sign-in-panel pin-form"
        aria-labelledby="open-register-heading"
        onSubmit={(e) => {
          e.preventDefault();
          void open();
        }}
      >
        <h2 id="open-register-heading">Open the register</h2>
        <p className="muted">{staff.name}, count the float in the drawer before the first sale.</p>
        <label>
          Opening float
          <input
            autoFocus
            inputMode="decimal"
            value={floatText}
            onChange={(e) => setFloatText(e.target.value)}
          />
        </label>
        <FormError message={error} />
        <FormActions submitLabel="Open register" busy={busy}>
          {lastClosedId && (
            <button
              type="button"
              onClick={() => sessionUi.show({ kind: 'z-report', sessionId: lastClosedId })}
            >
              Last Z report
            </button>
          )}
        </FormActions>
      </form>
    </main>
  );
}
