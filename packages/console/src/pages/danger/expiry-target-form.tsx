import type { FormEvent } from 'react';
import { Field } from '../../components/field.tsx';
import { useClientOptions, useTenantOptions } from '../../components/policy-context/context-lists.ts';
import { nameAndId, tenantTreeOptions } from '../../components/policy-context/tenant-tree.ts';
import { Empty, ErrorNotice, Loading } from '../../components/states.tsx';
import type { ExpiryTarget } from './expire-tokens.ts';

export type Level = ExpiryTarget['level'];

const LEVELS: ReadonlyArray<{ level: Level; label: string; hint: string }> = [
  { level: 'service', label: 'The whole service', hint: 'Every tenant, every client, every user.' },
  { level: 'tenant', label: 'A tenant', hint: 'The tenant and its sub-tenants.' },
  { level: 'client', label: 'A client', hint: 'What was issued to one client; sessions stay.' },
];

interface Choice {
  level: Level;
  tenantId: string;
  clientId: string;
}

function TenantPicker({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const tenants = useTenantOptions();
  if (tenants.isPending) return <Loading label="Loading the tenants…" />;
  if (tenants.isError) return <ErrorNotice error={tenants.error} title="The tenants could not be loaded" />;
  if (tenants.data.length === 0) return <Empty>There is no tenant to choose.</Empty>;
  return (
    <Field label="Tenant">
      {(props) => (
        <select {...props} value={value} required onChange={(e) => onChange(e.target.value)}>
          <option value="">Choose a tenant</option>
          {tenantTreeOptions(tenants.data).map((t) => (
            <option key={t.id} value={t.id}>
              {t.text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function ClientPicker({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const clients = useClientOptions('');
  if (clients.isPending) return <Loading label="Loading the clients…" />;
  if (clients.isError) return <ErrorNotice error={clients.error} title="The clients could not be loaded" />;
  if (clients.data.length === 0) return <Empty>There is no client to choose.</Empty>;
  return (
    <Field label="Client">
      {(props) => (
        <select {...props} value={value} required onChange={(e) => onChange(e.target.value)}>
          <option value="">Choose a client</option>
          {clients.data.map((c) => (
            <option key={c.id} value={c.id}>
              {nameAndId(c)} · tenant {c.tenantId}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** Which level's tokens to expire. A tenant administrator chooses among their tenants and clients only. */
export function ExpiryTargetForm({
  choice,
  serviceWide,
  onChange,
  onSubmit,
}: {
  choice: Choice;
  serviceWide: boolean;
  onChange: (next: Choice) => void;
  onSubmit: () => void;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form className="card danger-form" aria-labelledby="expire-heading" onSubmit={submit}>
      <h2 id="expire-heading">Expire all tokens</h2>
      <p className="muted">
        Ends every token issued until now under the level chosen, in one step: for a leak, or when access must
        end for everyone at once.
      </p>
      <fieldset className="danger-levels">
        <legend>What to expire</legend>
        {LEVELS.filter((l) => serviceWide || l.level !== 'service').map((l) => (
          <label key={l.level} className="danger-level">
            <input
              type="radio"
              name="level"
              value={l.level}
              checked={choice.level === l.level}
              onChange={() => onChange({ ...choice, level: l.level })}
            />
            <span>
              {l.label} <span className="muted">{l.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {choice.level === 'tenant' && (
        <TenantPicker value={choice.tenantId} onChange={(tenantId) => onChange({ ...choice, tenantId })} />
      )}
      {choice.level === 'client' && (
        <ClientPicker value={choice.clientId} onChange={(clientId) => onChange({ ...choice, clientId })} />
      )}
      <button type="submit" className="button button-danger">
        Expire tokens…
      </button>
    </form>
  );
}
