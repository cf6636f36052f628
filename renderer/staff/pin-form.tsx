import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { StaffDoc } from '../../domain/schemas';
import { checkPin } from './pin-check';
import { useRegister } from '../register/register-context';

interface Props {
  /** Who may be chosen; one button each, named by the staff member's name. */
  readonly candidates: readonly StaffDoc[];
  readonly initialStaffId: string | null;
  readonly pinLabel: string;
  readonly submitLabel: string;
  readonly chooserLabel: string;
  readonly onAccepted: (staff: StaffDoc) => void;
  /** Told of each wrong PIN or lockout, after the message is shown. */
  readonly onRefused?: (staff: StaffDoc, message: string) => void;
  readonly onCancel?: () => void;
}

/** Choose a staff member, type their PIN: shared by sign-in and manager approval. */
export function PinForm(props: Props) {
  const { db, store, device } = useRegister();
  const { candidates } = props;
  const [chosenId, setChosenId] = useState<string | null>(
    props.initialStaffId ?? (candidates.length === 1 ? (candidates[0]?.id ?? null) : null),
  );
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pinId = useId();
  const chosen = candidates.find((s) => s.id === chosenId) ?? null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!chosen || busy || pin === '') return;
    setBusy(true);
    setError(null);
    try {
      const result = await checkPin(db, store, chosen, pin, {
        deviceId: device.deviceId,
      });
      setPin('');
      if (result.ok) {
        props.onAccepted(chosen);
      } else {
        setError(result.message);
        props.onRefused?.(chosen, result.message);
      }
    } catch (e) {
      setError(`The PIN could not be checked: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="pin-form" onSubmit={(e) => void submit(e)}>
      <div className="staff-chooser" role="group" aria-label={props.chooserLabel}>
        {candidates.map((s) => (
          <button
            key={s.id}
            type="button"
            aria-pressed={s.id === chosenId}
            onClick={() => {
              setChosenId(s.id);
              setError(null);
            }}
          >
            {s.name}
          </button>
        ))}
      </div>
      <label htmlFor={pinId} className="field-label">
        {props.pinLabel}
      </label>
      <input
        id={pinId}
        type="password"
        inputMode="numeric"
        autoComplete="off"
        maxLength={6}
        value={pin}
        onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
      />
      {!chosen && candidates.length > 0 && <p className="muted">Choose who you are first.</p>}
      {error && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
      <div className="actions">
        {props.onCancel && (
          <button type="button" className="secondary" onClick={props.onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="primary" disabled={!chosen || busy || pin.length < 4}>
          {props.submitLabel}
        </button>
      </div>
    </form>
  );
}
