import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { answered, api } from '../../api/client.ts';
import { Field } from '../../components/field.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { tenantTreeOptions } from '../../components/policy-context/tenant-tree.ts';
import { fieldErrorsOf } from '../../components/submit-mutation.ts';

interface TenantLike {
  id: string;
  parentId: string | null;
  name: string;
}

/** A new tenant: its name, an id (generated when left empty) and its parent, whose policy it inherits. */
export function CreateTenantDialog({
  open,
  onClose,
  tenants,
  defaultParent,
}: {
  open: boolean;
  onClose: () => void;
  tenants: readonly TenantLike[];
  defaultParent: string;
}) {
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [parentId, setParentId] = useState(defaultParent);
  const navigate = useNavigate();
  const queries = useQueryClient();
  const create = useMutation({
    mutationFn: () =>
      answered(
        api.POST('/admin/v1/tenants', {
          body: { name, ...(id !== '' && { id }), parentId: parentId === '' ? null : parentId },
        }),
      ),
    onSuccess: async (tenant) => {
      await queries.invalidateQueries({ queryKey: ['tenants'] });
      onClose();
      navigate(`/tenants/${encodeURIComponent(tenant.id)}`);
    },
  });
  const fields = fieldErrorsOf(create.error);
  return (
    <FormDialog
      title="New tenant"
      open={open}
      onClose={onClose}
      formId="create-tenant"
      submitLabel="Create tenant"
      pendingLabel="Creating…"
      errorTitle="The tenant was not created"
      mutation={create}
    >
      <Field label="Name" error={fields.name}>
        {(props) => <input {...props} required value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label="Id" hint="Letters, digits, - and _; generated when left empty." error={fields.id}>
        {(props) => <input {...props} value={id} onChange={(e) => setId(e.target.value)} />}
      </Field>
      <Field label="Parent tenant" hint="The tenant whose policy this one inherits." error={fields.parentId}>
        {(props) => (
          <select {...props} value={parentId} onChange={(e) => setParentId(e.target.value)}>
            {defaultParent === '' && <option value="">None: a top-level tenant</option>}
            {tenantTreeOptions(tenants).map((t) => (
              <option key={t.id} value={t.id}>
                {t.text}
              </option>
            ))}
          </select>
        )}
      </Field>
    </FormDialog>
  );
}
