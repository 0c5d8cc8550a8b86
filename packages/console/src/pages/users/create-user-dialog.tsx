import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { answered, api } from '../../api/client.ts';
import { Field } from '../../components/field.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { useTenantOptions } from '../../components/policy-context/context-lists.ts';
import { tenantTreeOptions } from '../../components/policy-context/tenant-tree.ts';
import { fieldErrorsOf } from '../../components/submit-mutation.ts';
import { SubjectClassField } from './subject-class-field.tsx';
import { instantOfLocalInput, type SubjectClass, userKeys } from './user-model.ts';

const EMPTY = { username: '', password: '', subjectClass: 'user' as SubjectClass, validUntil: '' };

/** A new user of a tenant: a username and password to sign in with, a subject class, and an optional end. */
export function CreateUserDialog({
  open,
  onClose,
  defaultTenant,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  defaultTenant: string;
  onCreated: (id: string) => void;
}) {
  const tenants = useTenantOptions();
  const [tenantId, setTenantId] = useState('');
  const [draft, setDraft] = useState(EMPTY);
  const queries = useQueryClient();
  const chosenTenant = tenantId || defaultTenant || (tenants.data?.[0]?.id ?? '');
  const create = useMutation({
    // the password goes to the server once and is not kept: the draft is emptied on success
    mutationFn: async () => {
      const validUntil = instantOfLocalInput(draft.validUntil);
      const user = await answered(
        api.POST('/admin/v1/users', {
          body: {
            tenantId: chosenTenant,
            subjectClass: draft.subjectClass,
            ...(draft.username !== '' && { username: draft.username }),
            ...(draft.password !== '' && { password: draft.password }),
            ...(validUntil !== null && { validUntil }),
          },
        }),
      );
      void queries.invalidateQueries({ queryKey: userKeys.all });
      return user.id;
    },
    onSuccess: (id) => {
      setDraft(EMPTY);
      onCreated(id);
    },
  });
  const fields = fieldErrorsOf(create.error);
  const set = (change: Partial<typeof EMPTY>) => setDraft((d) => ({ ...d, ...change }));
  return (
    <FormDialog
      title="New user"
      open={open}
      onClose={onClose}
      formId="create-user"
      submitLabel="Create user"
      pendingLabel="Creating…"
      errorTitle="The user was not created"
      mutation={create}
    >
      <Field label="Tenant" hint="Its policy binds the user's tokens." error={fields.tenantId}>
        {(props) => (
          <select {...props} value={chosenTenant} onChange={(e) => setTenantId(e.target.value)}>
            {tenantTreeOptions(tenants.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.text}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label="Username"
        hint="Unique in the tenant; leave empty for an anonymous user."
        error={fields.username}
      >
        {(props) => (
          <input
            {...props}
            value={draft.username}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => set({ username: e.target.value })}
          />
        )}
      </Field>
      <Field
        label="Password"
        hint="8 to 1024 characters; leave empty for a user who signs in only through an identity provider."
        error={fields.password}
      >
        {(props) => (
          <input
            {...props}
            type="password"
            value={draft.password}
            autoComplete="new-password"
            onChange={(e) => set({ password: e.target.value })}
          />
        )}
      </Field>
      <SubjectClassField
        value={draft.subjectClass}
        onChange={(subjectClass) => set({ subjectClass })}
        error={fields.subjectClass}
      />
      <Field
        label="Valid until"
        hint="Optional, in your time zone: the account ends then, whatever the policy's account validity."
        error={fields.validUntil}
      >
        {(props) => (
          <input
            {...props}
            type="datetime-local"
            value={draft.validUntil}
            onChange={(e) => set({ validUntil: e.target.value })}
          />
        )}
      </Field>
    </FormDialog>
  );
}
