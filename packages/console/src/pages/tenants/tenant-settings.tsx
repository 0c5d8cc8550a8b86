import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { answered, api } from '../../api/client.ts';
import { DeleteButton } from '../../components/delete-button.tsx';
import { Field } from '../../components/field.tsx';
import { useTenantOptions } from '../../components/policy-context/context-lists.ts';
import { tenantTreeOptions } from '../../components/policy-context/tenant-tree.ts';
import { SettingsForm } from '../../components/settings-form.tsx';
import { fieldErrorsOf } from '../../components/submit-mutation.ts';
import { instantText } from '../../format/instant.ts';

interface Tenant {
  id: string;
  parentId: string | null;
  name: string;
  createdAt: string;
  updatedAt: string;
}

/** A tenant's name and parent, what lies below it, and its deletion. */
export function TenantSettings({ tenant }: { tenant: Tenant }) {
  const [name, setName] = useState(tenant.name);
  const [parentId, setParentId] = useState(tenant.parentId ?? '');
  const tenants = useTenantOptions();
  const queries = useQueryClient();
  const navigate = useNavigate();
  const path = { path: { id: tenant.id } };
  const save = useMutation({
    mutationFn: () =>
      answered(
        api.PATCH('/admin/v1/tenants/{id}', {
          params: path,
          body: { name, parentId: parentId === '' ? null : parentId },
        }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['tenants'] }),
  });
  const fields = fieldErrorsOf(save.error);
  const all = tenants.data ?? [];
  const children = all.filter((t) => t.parentId === tenant.id);
  // a tenant cannot move below itself: its own subtree is left out of the parents offered
  const below = new Set([tenant.id]);
  for (const t of tenantTreeOptions(all)) {
    const parent = all.find((x) => x.id === t.id)?.parentId;
    if (parent && below.has(parent)) below.add(t.id);
  }
  const parentIsVisible = tenant.parentId === null || all.some((t) => t.id === tenant.parentId);
  return (
    <section aria-labelledby="tenant-settings">
      <h2 id="tenant-settings">Settings</h2>
      <SettingsForm mutation={save} errorTitle="The tenant was not saved">
        <Field label="Name" error={fields.name}>
          {(props) => <input {...props} required value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Parent tenant" hint="Its policy is what this tenant inherits." error={fields.parentId}>
          {(props) => (
            <select
              {...props}
              value={parentId}
              disabled={!parentIsVisible}
              onChange={(e) => setParentId(e.target.value)}
            >
              <option value="">None: a top-level tenant</option>
              {!parentIsVisible && tenant.parentId && (
                <option value={tenant.parentId}>{tenant.parentId}</option>
              )}
              {tenantTreeOptions(all)
                .filter((t) => !below.has(t.id))
                .map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.text}
                  </option>
                ))}
            </select>
          )}
        </Field>
      </SettingsForm>
      <dl className="facts">
        <dt>Id</dt>
        <dd>
          <code>{tenant.id}</code>
        </dd>
        <dt>Created</dt>
        <dd>{instantText(tenant.createdAt)}</dd>
        <dt>Updated</dt>
        <dd>{instantText(tenant.updatedAt)}</dd>
        <dt>Sub-tenants</dt>
        <dd>
          {children.length === 0
            ? 'none'
            : children.map((c, i) => (
                <span key={c.id}>
                  {i > 0 && ', '}
                  <Link to={`/tenants/${encodeURIComponent(c.id)}`}>{c.name}</Link>
                </span>
              ))}
        </dd>
        <dt>Members</dt>
        <dd>
          <Link to={`/clients?tenant=${encodeURIComponent(tenant.id)}`}>Its clients</Link> ·{' '}
          <Link to={`/users?tenant=${encodeURIComponent(tenant.id)}`}>Its users</Link>
        </dd>
      </dl>
      <h2>Delete</h2>
      <DeleteButton
        what="tenant"
        name={tenant.id}
        consequence="The tenant, its policy and its history are deleted; a tenant that still has sub-tenants, clients or administrators of its own is refused."
        remove={() => answered(api.DELETE('/admin/v1/tenants/{id}', { params: path }))}
        onDeleted={() => {
          void queries.invalidateQueries({ queryKey: ['tenants'] });
          navigate('/tenants');
        }}
      />
    </section>
  );
}
