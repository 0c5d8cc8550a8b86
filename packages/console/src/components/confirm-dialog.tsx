import { type ReactNode, useState } from 'react';
import { Dialog } from './dialog.tsx';
import { Field } from './field.tsx';

/**
 * Asks before an action that cannot be undone: says what will happen, and for the most dangerous ones asks the
 * administrator to type the name of what is affected (`typeToConfirm`).
 */
export function ConfirmDialog({
  title,
  open,
  onCancel,
  onConfirm,
  confirmLabel,
  danger = false,
  busy = false,
  typeToConfirm,
  children,
}: {
  title: string;
  open: boolean;
  onCancel: () => void;
  onConfirm: () => void;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  typeToConfirm?: string;
  children: ReactNode;
}) {
  const [typed, setTyped] = useState('');
  const ready = typeToConfirm === undefined || typed === typeToConfirm;
  const close = () => {
    setTyped('');
    onCancel();
  };
  return (
    <Dialog
      title={title}
      open={open}
      onClose={close}
      actions={
        <>
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button
            type="button"
            className={danger ? 'button button-danger' : 'button button-primary'}
            disabled={!ready || busy}
            onClick={() => {
              setTyped('');
              onConfirm();
            }}
          >
            {busy ? 'Working…' : confirmLabel}
          </button>
        </>
      }
    >
      {children}
      {typeToConfirm !== undefined && (
        <Field label={`Type ${typeToConfirm} to confirm`}>
          {(props) => (
            <input {...props} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
          )}
        </Field>
      )}
    </Dialog>
  );
}
