import { sessionUi } from './session-ui';

/** The header's register-session part: cash movements, the X report and closing. */
export function SessionControls() {
  return (
    <div className="session-controls" role="group" aria-label="Register session">
      <button
        type="button"
        className="secondary small"
        onClick={() => sessionUi.show({ kind: 'cash-movement' })}
      >
        Paid in/out
      </button>
      <button
        type="button"
        className="secondary small"
        onClick={() => sessionUi.show({ kind: 'x-report' })}
      >
        X report
      </button>
      <button
        type="button"
        className="secondary small"
        onClick={() => sessionUi.show({ kind: 'close' })}
      >
        Close register
      </button>
    </div>
  );
}
