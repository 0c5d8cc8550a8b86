import { useState } from 'react';
import { Dialog } from '../../components/dialog.tsx';
import { Field } from '../../components/field.tsx';

/** A client secret in clear, as the server answers it once: on creation or rotation, never again. */
export interface RevealedSecret {
  clientId: string;
  clientName: string;
  secret: string;
  /** first: the client's first secret (a new client, or one that became confidential); rotated: a replacement. */
  occasion: 'first' | 'rotated';
}

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * Shows a client secret once. It lives only in the state of the page that received it: not in the query cache,
 * not in the address, not in the history. Closing the dialog forgets it.
 */
export function SecretOnceDialog({
  revealed,
  onDismiss,
}: {
  revealed: RevealedSecret;
  onDismiss: () => void;
}) {
  const [copy, setCopy] = useState<CopyState>('idle');
  const copySecret = () => {
    navigator.clipboard.writeText(revealed.secret).then(
      () => setCopy('copied'),
      () => setCopy('failed'),
    );
  };
  return (
    <Dialog
      title={`Client secret of ${revealed.clientName}`}
      open
      onClose={onDismiss}
      actions={
        <button type="button" className="button button-primary" onClick={onDismiss}>
          I have stored it
        </button>
      }
    >
      <p className="notice notice-warning">
        <strong>This secret will not be shown again.</strong> Store it now, where the client reads its
        configuration. Lifespan keeps only a hash of it; if it is lost, rotate the secret.
        {revealed.occasion === 'rotated' && ' The previous secret no longer works.'}
      </p>
      <Field label="Client id">
        {(props) => <input {...props} readOnly value={revealed.clientId} className="secret-field" />}
      </Field>
      <Field label="Client secret">
        {(props) => (
          <input
            {...props}
            readOnly
            value={revealed.secret}
            className="secret-field"
            autoComplete="off"
            spellCheck={false}
            onFocus={(e) => e.target.select()}
          />
        )}
      </Field>
      <div className="toolbar">
        <button type="button" className="button" onClick={copySecret}>
          Copy
        </button>
        <span role="status">
          {copy === 'copied' && 'Copied to the clipboard.'}
          {copy === 'failed' && 'The browser did not allow copying: select the secret and copy it yourself.'}
        </span>
      </div>
    </Dialog>
  );
}
