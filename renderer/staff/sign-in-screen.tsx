import { PinForm } from './pin-form';
import { session, useStaffSession } from './session-store';
import { useActiveStaff } from './use-staff';
import { useRegister } from '../register/register-context';

/** Who is selling: a staff member by name, then their PIN, checked offline. */
export function SignInScreen() {
  const { db, store } = useRegister();
  const staff = useActiveStaff(db);
  const lastStaffId = useStaffSession((s) => s.lastStaffId);

  return (
    <main className="sign-in">
      <section className="panel sign-in-panel" aria-labelledby="sign-in-heading">
        <h1 id="sign-in-heading">Sign in</h1>
        <p className="muted">{store.name}: choose your name and enter your PIN.</p>
        {staff.length === 0 ? (
          <p className="muted">Waiting for staff from the server…</p>
        ) : (
          <PinForm
            // A new staff list (or a lock by someone else) starts the form afresh.
            key={lastStaffId ?? 'nobody'}
            candidates={staff}
            initialStaffId={staff.some((s) => s.id === lastStaffId) ? lastStaffId : null}
            chooserLabel="Staff"
            pinLabel="PIN"
            submitLabel="Sign in"
            onAccepted={(member) => session.signedIn(member)}
          />
        )}
      </section>
    </main>
  );
}
