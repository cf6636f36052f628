import { useId, useState } from 'react';
import type { TaxRateDoc } from '../../domain/schemas';
import { useRegisterUi } from '../register/ui-store';
import { useShortcuts } from '../shortcuts/use-shortcuts';
import { parkCart } from './draft-actions';
import { useRegister } from '../register/register-context';

interface Props {
  readonly taxRates: ReadonlyMap<string, TaxRateDoc>;
}

/** Puts the cart aside as a parked sale any register of the store can resume. */
export function ParkSale({ taxRates }: Props) {
  const { db, store, device, cashier } = useRegister();
  const [storeId, deviceId, staffId] = [store.id, device.deviceId, cashier?.id ?? null];
  const empty = useRegisterUi((s) => s.cart.lines.length === 0);
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();

  async function park() {
    if (!staffId || busy || useRegisterUi.getState().cart.lines.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      await parkCart(db, { storeId, deviceId, staffId, label, taxRates });
      setLabel('');
    } catch (e) {
      setError(`The sale was not parked: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  // Live while this form is, so never during payment: a sale being paid is not parked.
  useShortcuts([
    {
      id: 'park',
      keys: ['F6'],
      label: 'F6',
      description: 'Park the sale (with the label typed, if any)',
      whileTyping: true,
      run: () => void park(),
    },
  ]);

  return (
    <div className="park-sale">
      <label htmlFor={inputId} className="field-label">
        Parked sale label
      </label>
      <input
        id={inputId}
        value={label}
        maxLength={200}
        autoComplete="off"
        placeholder="Optional, e.g. a customer’s name"
        onChange={(e) => setLabel(e.target.value)}
      />
      <button
        type="button"
        className="secondary"
        disabled={empty || !staffId || busy}
        onClick={() => void park()}
      >
        Park sale
      </button>
      {error && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
    </div>
  );
}
