import type { ReactNode } from 'react';

interface Props {
  /** The id of the dialog's heading, which names it. */
  readonly labelledBy: string;
  readonly wide?: boolean;
  /** Escape and Cancel. */
  readonly onClose: () => void;
  readonly onSubmit: () => void;
  readonly children: ReactNode;
}

/** A modal dialog that is one form: Enter submits, Escape closes. */
export function ModalForm({ labelledBy, wide, onClose, onSubmit, children }: Props) {
  return (
    <div className="dialog-backdrop">
      <form
        role="dialog"
        aria-modal="true"
        aria-labelledby={labelledBy}
        className={wide ? 'panel dialog wide' : 'panel dialog'}
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onClose();
        }}
      >
        {children}
      </form>
    </div>
  );
}

/** A form's error line, or nothing. */
export function FormError({ message }: { readonly message: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" className="alert">
      {message}
    </p>
  );
}

/** The submit and cancel buttons at the foot of a form. */
export function FormActions(props: {
  readonly submitLabel: string;
  readonly busy: boolean;
  readonly onCancel?: () => void;
  readonly children?: ReactNode;
}) {
  return (
    <div className="actions">
      <button type="submit" className="primary" disabled={props.busy}>
        {props.submitLabel}
      </button>
      {props.onCancel && (
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      )}
      {props.children}
    </div>
  );
}
