import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { answered, api } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { ErrorNotice } from '../../components/states.tsx';
import type { Client } from './client-model.ts';

/**
 * Issues a new secret after the administrator confirms that the current one stops working at once. The new
 * secret goes to `onRotated` only, never into the mutation's result.
 */
export function RotateSecret({ client, onRotated }: { client: Client; onRotated: (secret: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  const queries = useQueryClient();
  const rotation = useMutation({
    mutationFn: async () => {
      const { clientSecret } = await answered(
        api.POST('/admin/v1/clients/{id}/secret', { params: { path: { id: client.id } } }),
      );
      if (clientSecret !== undefined) onRotated(clientSecret);
      await queries.invalidateQueries({ queryKey: ['clients'] });
    },
  });
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={rotation.isPending}
        onClick={() => setConfirming(true)}
      >
        {rotation.isPending ? 'Rotating…' : 'Rotate secret'}
      </button>
      {rotation.isError && <ErrorNotice error={rotation.error} title="The secret was not rotated" />}
      <ConfirmDialog
        title={`Rotate the secret of ${client.name}?`}
        open={confirming}
        confirmLabel="Rotate secret"
        danger
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          rotation.mutate();
        }}
      >
        <p>
          The current secret stops working at once: every request that authenticates with it is refused until
          the client is given the new one, which is shown once, next.
        </p>
        <p>Tokens already issued to the client keep working until they end.</p>
      </ConfirmDialog>
    </>
  );
}
