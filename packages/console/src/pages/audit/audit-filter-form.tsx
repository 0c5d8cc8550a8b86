import { type FormEvent, useId, useState } from 'react';
import { Field } from '../../components/field.tsx';
import { useTenantOptions } from '../../components/policy-context/context-lists.ts';
import {
  type AuditFilters,
  instantOfLocalInput,
  KNOWN_ACTIONS,
  localInputOf,
  NO_FILTERS,
} from './audit-filters.ts';

type TextFilter = Exclude<keyof AuditFilters, 'outcome' | 'from' | 'to'>;

/**
 * The filters as a draft until applied; applying puts them in the page's address, so the view can be linked.
 * The time range is chosen in the person's own time zone and sent as RFC 3339 instants.
 */
export function AuditFilterForm({
  filters,
  onApply,
}: {
  filters: AuditFilters;
  onApply: (next: AuditFilters) => void;
}) {
  const [draft, setDraft] = useState(filters);
  const tenants = useTenantOptions();
  const actionsId = useId();
  const tenantsId = useId();
  const set = (name: keyof AuditFilters, value: string) => setDraft((d) => ({ ...d, [name]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  const text = (name: TextFilter, label: string, hint: string, list?: string) => (
    <Field label={label} hint={hint}>
      {(props) => (
        <input
          {...props}
          value={draft[name]}
          list={list}
          autoComplete="off"
          onChange={(e) => set(name, e.target.value)}
        />
      )}
    </Field>
  );
  return (
    <form className="audit-filters" aria-label="Filters" onSubmit={submit}>
      <div className="audit-filter-grid">
        {text('action', 'Action', 'Exactly, e.g. login or key.rotated.', actionsId)}
        <Field label="Outcome">
          {(props) => (
            <select {...props} value={draft.outcome} onChange={(e) => set('outcome', e.target.value)}>
              <option value="">Any outcome</option>
              <option value="success">success</option>
              <option value="failure">failure</option>
            </select>
          )}
        </Field>
        {text('actor', 'Actor', 'Who acted, e.g. admin:root, system or anonymous.')}
        {text('tenantId', 'Tenant', 'A tenant id.', tenantsId)}
        {text('subject', 'Subject', 'What it was done to: a user, client or key id.')}
        <Field label="From" hint="Events at or after, your time.">
          {(props) => (
            <input
              {...props}
              type="datetime-local"
              value={localInputOf(draft.from)}
              onChange={(e) => set('from', instantOfLocalInput(e.target.value))}
            />
          )}
        </Field>
        <Field label="To" hint="Events before, your time.">
          {(props) => (
            <input
              {...props}
              type="datetime-local"
              value={localInputOf(draft.to)}
              onChange={(e) => set('to', instantOfLocalInput(e.target.value))}
            />
          )}
        </Field>
      </div>
      <datalist id={actionsId}>
        {KNOWN_ACTIONS.map((action) => (
          <option key={action} value={action} />
        ))}
      </datalist>
      <datalist id={tenantsId}>
        {(tenants.data ?? []).map((tenant) => (
          <option key={tenant.id} value={tenant.id}>
            {tenant.name}
          </option>
        ))}
      </datalist>
      <div className="toolbar">
        <button type="submit" className="button button-primary">
          Apply filters
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            setDraft(NO_FILTERS);
            onApply(NO_FILTERS);
          }}
        >
          Clear filters
        </button>
      </div>
    </form>
  );
}
