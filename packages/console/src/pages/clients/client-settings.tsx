import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { answered, api } from '../../api/client.ts';
import { DeleteButton } from '../../components/delete-button.tsx';
import { useTenantOptions } from '../../components/policy-context/context-lists.ts';
import { nameAndId } from '../../components/policy-context/tenant-tree.ts';
import { SettingsForm } from '../../components/settings-form.tsx';
import { fieldErrorsOf } from '../../components/submit-mutation.ts';
import { instantText } from '../../format/instant.ts';
import { ClientFields } from './client-fields.tsx';
import { type Client, draftOf, registrationOf } from './client-model.ts';
import { RotateSecret } from './rotate-secret.tsx';
import { type RevealedSecret, SecretOnceDialog } from './secret-once.tsx';

/** A client's registration, the facts about it, its secret's rotation, and its deletion. */
export function ClientSettings({ client }: { client: Client }) {
  const [draft, setDraft] = useState(() => draftOf(client));
  const [revealed, setRevealed] = useState<RevealedSecret>();
  const tenant = useTenantOptions().data?.find((t) => t.id === client.tenantId);
  const queries = useQueryClient();
  const navigate = useNavigate();
  const path = { path: { id: client.id } };
  const reveal = (secret: string, occasion: RevealedSecret['occasion']) =>
    setRevealed({ clientId: client.id, clientName: client.name, secret, occasion });
  const save = useMutation({
    mutationFn: async () => {
      // a client that becomes confidential gets its first secret in the answer: shown once, never cached
      const { clientSecret } = await answered(
        api.PATCH('/admin/v1/clients/{id}', { params: path, body: registrationOf(draft) }),
      );
      if (clientSecret !== undefined) reveal(clientSecret, 'first');
      await queries.invalidateQueries({ queryKey: ['clients'] });
    },
  });
  const fields = fieldErrorsOf(save.error);
  return (
    <section aria-labelledby="client-settings">
      <h2 id="client-settings">Settings</h2>
      <SettingsForm mutation={save} errorTitle="The client was not saved" className="form client-form">
        <ClientFields
          draft={draft}
          onChange={(next) => {
            save.reset();
            setDraft(next);
          }}
          fields={fields}
        />
      </SettingsForm>
      <dl className="facts">
        <dt>Client id</dt>
        <dd>
          <code>{client.id}</code>
        </dd>
        <dt>Tenant</dt>
        <dd>
          <Link to={`/tenants/${encodeURIComponent(client.tenantId)}`}>
            {tenant ? nameAndId(tenant) : client.tenantId}
          </Link>
        </dd>
        <dt>Created</dt>
        <dd>{instantText(client.createdAt)}</dd>
        <dt>Updated</dt>
        <dd>{instantText(client.updatedAt)}</dd>
      </dl>
      <h2>Client secret</h2>
      {client.tokenEndpointAuthMethod === 'none' ? (
        <p>A public client has no secret: it proves itself with PKCE (RFC 7636).</p>
      ) : (
        <div className="client-secret-section">
          <p>
            Lifespan keeps only a hash of the secret and cannot show it again. Rotating issues a new secret,
            shown once; the current one stops working at once.
          </p>
          <RotateSecret client={client} onRotated={(secret) => reveal(secret, 'rotated')} />
        </div>
      )}
      <h2>Delete</h2>
      <DeleteButton
        what="client"
        name={client.id}
        consequence="The client, its policy and its policy history are deleted; it can no longer authenticate or get tokens."
        remove={() => answered(api.DELETE('/admin/v1/clients/{id}', { params: path }))}
        onDeleted={() => {
          // the deleted client's own query is dropped, not refetched into a 404 while the page is still open
          queries.removeQueries({ queryKey: ['clients', client.id], exact: true });
          void queries.invalidateQueries({
            queryKey: ['clients'],
            predicate: (query) => query.queryKey[1] !== client.id,
          });
          navigate('/clients');
        }}
      />
      {revealed && <SecretOnceDialog revealed={revealed} onDismiss={() => setRevealed(undefined)} />}
    </section>
  );
}
