import type { ReactNode } from 'react';

/**
 * A refusal for want of a manager's approval, wherever it shows, with the way to ask for it on
 * the spot: the cashier is never left with a refusal and nothing to do about it.
 */
export function ApprovalRefusal({
  children,
  onAsk,
  disabled = false,
}: {
  readonly children: ReactNode;
  readonly onAsk: () => void;
  readonly disabled?: boolean;
}) {
  return (
    <div role="alert" className="alert approval-refusal">
      <span>{children}</span>
      <button type="button" className="small" disabled={disabled} onClick={onAsk}>
        Ask a manager
      </button>
    </div>
  );
}
