import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { answered, api } from '../../api/client.ts';
import type { paths } from '../../api/management-api.ts';
import { tokens } from '../../auth/token-store.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { ErrorNotice } from '../../components/states.tsx';
import { instantText } from '../../format/instant.ts';
import { consoleSignInKid, type SigningKey, signingKeyOf, waitingKeyOf } from './signing-keys.ts';

type RotateBody = NonNullable<
  paths['/admin/v1/keys/rotate']['post']['requestBody']
>['content']['application/json'];
type Mode = NonNullable<RotateBody['mode']>;
/** An algorithm the server itself listed for one of its keys, so one it signs with. */
const listedAlgorithm = (algorithm: string) => algorithm as NonNullable<RotateBody['algorithm']>;

/** What changed, in words, from the list before and after the rotation. */
function rotationOutcome(mode: Mode, before: readonly SigningKey[], after: readonly SigningKey[]): string {
  const known = new Set(before.map((k) => k.kid));
  const created = after.find((k) => !known.has(k.kid));
  if (!created) return 'The keys were rotated.';
  const previous = before.find((k) => k.algorithm === created.algorithm && k.status === 'active');
  const old = previous && after.find((k) => k.kid === previous.kid);
  if (mode === 'revoke') {
    return `Key ${created.kid} signs from ${instantText(created.activatesAt)}.${old ? ` Key ${old.kid} is revoked.` : ''}`;
  }
  const verifies =
    old?.publishedUntil != null
      ? ` Key ${old.kid} signs until then and verifies what it signed until ${instantText(old.publishedUntil)}.`
      : '';
  return `Key ${created.kid} is published and signs from ${instantText(created.activatesAt)}.${verifies}`;
}

function GracefulConsequence({ algorithm, current }: { algorithm: string; current: SigningKey | undefined }) {
  return (
    <>
      <p>
        A new {algorithm} key is published in the key set now, and starts signing a few minutes later, once
        verifiers that cache the key set have it.
      </p>
      {current && (
        <p>
          The current key <code className="key-id">{current.kid}</code> signs until then, and keeps verifying
          what it signed until the longest-lived token it may have signed has expired. Nothing anyone holds
          stops working.
        </p>
      )}
    </>
  );
}

function RevokeConsequence({
  algorithm,
  current,
  waiting,
}: {
  algorithm: string;
  current: SigningKey | undefined;
  waiting: SigningKey | undefined;
}) {
  const withdrawn = [current, waiting].filter((k): k is SigningKey => k !== undefined);
  const ownSignIn = consoleSignInKid(tokens()?.accessToken);
  const signsOutHere = withdrawn.some((k) => k.kid === ownSignIn);
  return (
    <>
      <p>A new {algorithm} key signs from now.</p>
      {withdrawn.length > 0 && (
        <p className="notice notice-danger">
          {withdrawn.map((k, i) => (
            <span key={k.kid}>
              {i > 0 && ' and '}
              <code className="key-id">{k.kid}</code>
            </span>
          ))}{' '}
          {withdrawn.length === 1 ? 'is' : 'are'} withdrawn at once: every ID token and access token{' '}
          {withdrawn.length === 1 ? 'it' : 'they'} signed stops verifying now, and every refresh-token family
          whose latest access token {withdrawn.length === 1 ? 'it' : 'they'} signed ends. Users sign in again
          and clients ask for new tokens. This cannot be undone.
        </p>
      )}
      {signsOutHere && (
        <p>Your own console sign-in was signed by it and ends too: you will be asked to sign in again.</p>
      )}
    </>
  );
}

/** Rotation of one algorithm's key: gracefully (nothing breaks) or by revoking the old key (everything it signed ends). */
export function RotateKey({ keys, algorithm }: { keys: readonly SigningKey[]; algorithm: string }) {
  const [asking, setAsking] = useState<Mode | null>(null);
  const [outcome, setOutcome] = useState('');
  const queries = useQueryClient();
  const rotation = useMutation({
    mutationFn: (mode: Mode) =>
      answered(
        api.POST('/admin/v1/keys/rotate', {
          body: { mode, ...(algorithm !== '' && { algorithm: listedAlgorithm(algorithm) }) },
        }),
      ),
    onSuccess: async (answer, mode) => {
      setOutcome(rotationOutcome(mode, keys, answer.items));
      queries.setQueryData(['keys'], answer);
      await queries.invalidateQueries({ queryKey: ['overview'] });
      // a revoked key may have signed this console's own sign-in: the next call says so, at once
      if (mode === 'revoke') await queries.invalidateQueries({ queryKey: ['keys'] });
    },
  });
  const current = signingKeyOf(keys, algorithm);
  const waiting = waitingKeyOf(keys, algorithm);
  const ask = (mode: Mode) => {
    setOutcome('');
    rotation.reset();
    setAsking(mode);
  };
  const confirm = () => {
    if (asking) rotation.mutate(asking);
    setAsking(null);
  };
  return (
    <>
      <div className="key-actions">
        <button type="button" className="button button-primary" onClick={() => ask('graceful')}>
          Rotate gracefully…
        </button>
        <button type="button" className="button button-danger" onClick={() => ask('revoke')}>
          Rotate and revoke…
        </button>
      </div>
      {outcome !== '' && (
        <p className="notice notice-success" role="status">
          {outcome}
        </p>
      )}
      {rotation.isError && <ErrorNotice error={rotation.error} title="The key was not rotated" />}
      <ConfirmDialog
        title={`Rotate the ${algorithm} key gracefully?`}
        open={asking === 'graceful'}
        confirmLabel="Rotate gracefully"
        busy={rotation.isPending}
        onCancel={() => setAsking(null)}
        onConfirm={confirm}
      >
        <GracefulConsequence algorithm={algorithm} current={current} />
      </ConfirmDialog>
      <ConfirmDialog
        title={`Rotate the ${algorithm} key and revoke the old one?`}
        open={asking === 'revoke'}
        confirmLabel="Rotate and revoke"
        danger
        busy={rotation.isPending}
        {...(current !== undefined && { typeToConfirm: current.kid })}
        onCancel={() => setAsking(null)}
        onConfirm={confirm}
      >
        <RevokeConsequence algorithm={algorithm} current={current} waiting={waiting} />
      </ConfirmDialog>
    </>
  );
}
