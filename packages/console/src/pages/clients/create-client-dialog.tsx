import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { answered, api } from '../../api/client.ts';
import { ApiError } from '../../api/problem.ts';
import { Field } from '../../components/field.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { useTenantOptions } from '../../components/policy-context/context-lists.ts';
import { tenantTreeOptions } from '../../components/policy-context/tenant-tree.ts';
import { ErrorNotice } from '../../components/states.tsx';
import { fieldErrorsOf } from '../../components/submit-mutation.ts';
import { ClientFields } from './client-fields.tsx';
import { type Client, NEW_CLIENT, registrationOf } from './client-model.ts';

/**
 * A new client in a tenant. The server answers a confidential client's secret once: it is handed to `onCreated`
 * and kept out of the mutation's result, so that no cache holds it.
 */
export function CreateClientDialog({
  open,
  onClose,
  defaultTenant,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  defaultTenant: string;
  onCreated: (client: Client, secret: string | undefined) => void;
}) {
  const tenants = useTenantOptions();
  const [tenantId, setTenantId] = useState('');
  const [id, setId] = useState('');
  const [draft, setDraft] = useState(NEW_CLIENT);
  const queries = useQueryClient();
  const tenantChoices = tenantTreeOptions(tenants.data ?? []);
  const chosenTenant = tenantId || defaultTenant || (tenantChoices[0]?.id ?? '');
  const create = useMutation({
    // the secret goes straight to onCreated: what a mutation returns stays in its cache for minutes
    mutationFn: async () => {
      const {
        clientSecret,
        warnings: _warnings,
        ...client
      } = await answered(
        api.POST('/admin/v1/clients', {
          body: { tenantId: chosenTenant, ...(id !== '' && { id }), ...registrationOf(draft) },
        }),
      );
      await queries.invalidateQueries({ queryKey: ['clients'] });
      onCreated(client, clientSecret);
      return client.id;
    },
    onSuccess: () => {
      setId('');
      setDraft(NEW_CLIENT);
    },
  });
  const fields = fieldErrorsOf(create.error);
  // the server's one conflict on creation is an id already taken: said under the id
  if (create.error instanceof ApiError && create.error.problem.status === 409) {
    fields.id = create.error.problem.detail;
  }
  return (
    <FormDialog
      title="New client"
      open={open}
      onClose={onClose}
      formId="create-client"
      submitLabel="Create client"
      pendingLabel="Creating…"
      errorTitle="The client was not created"
      mutation={create}
      notices={
        <>
          {tenants.isSuccess && tenantChoices.length === 0 && (
            <p className="notice notice-info">
              There are no tenants yet: a client needs one; create it on the Tenants page.
            </p>
          )}
          {tenants.isError && <ErrorNotice error={tenants.error} title="The tenants could not be loaded" />}
        </>
      }
    >
      <Field label="Tenant" hint="The tenant whose policy binds the client." error={fields.tenantId}>
        {(props) => (
          <select {...props} required value={chosenTenant} onChange={(e) => setTenantId(e.target.value)}>
            {tenantChoices.map((t) => (
              <option key={t.id} value={t.id}>
                {t.text}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label="Client id"
        hint="The OAuth client_id: letters, digits, - and _; generated when left empty."
        error={fields.id}
      >
        {(props) => (
          <input {...props} value={id} spellCheck={false} onChange={(e) => setId(e.target.value)} />
        )}
      </Field>
      <ClientFields draft={draft} onChange={setDraft} fields={fields} />
    </FormDialog>
  );
}
