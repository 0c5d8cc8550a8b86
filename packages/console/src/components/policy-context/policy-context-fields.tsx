import { Field } from '../field.tsx';
import { useClientOptions, useTenantOptions } from './context-lists.ts';
import { type PolicyContext, SUBJECT_CLASSES } from './context-params.ts';
import { ScopeField } from './scope-field.tsx';
import { nameAndId, tenantTreeOptions } from './tenant-tree.ts';
import { UserField } from './user-field.tsx';
import './policy-context.css';

const CLASS_TEXT: Record<(typeof SUBJECT_CLASSES)[number], string> = {
  user: 'user — people signing in',
  admin: 'admin — administrators',
  anonymous: 'anonymous — guests',
  service: 'service — machines (client credentials)',
};

/**
 * The path of a token, as Explain and the lifetime timeline ask for it: tenant, client (of the tenant; choosing
 * one alone sets its tenant), subject class, scopes and user. Controlled: the page owns the form and its submit.
 */
export function PolicyContextFields({
  value,
  onChange,
  serviceWide,
  errors = {},
  noServiceClass = false,
}: {
  value: PolicyContext;
  onChange: (next: PolicyContext) => void;
  /** A service administrator may leave the tenant out; a tenant administrator must name one. */
  serviceWide: boolean;
  /** Field problems from the server, by field name (tenantId, clientId, …). */
  errors?: Partial<Record<keyof PolicyContext, string>>;
  /** The timeline simulates a login, which the service class has none of. */
  noServiceClass?: boolean;
}) {
  const tenants = useTenantOptions();
  const clients = useClientOptions(value.tenantId);
  const set = (patch: Partial<PolicyContext>) => onChange({ ...value, ...patch });
  const knownTenant = (tenants.data ?? []).some((t) => t.id === value.tenantId);
  const knownClient = (clients.data ?? []).some((c) => c.id === value.clientId);

  return (
    <fieldset className="policy-context">
      <legend>Whose token</legend>
      <div className="policy-context-grid">
        <Field
          label="Tenant"
          hint={tenants.isError ? 'The tenants could not be listed.' : 'Its parent tenants apply too.'}
          error={errors.tenantId}
        >
          {(props) => (
            <select
              {...props}
              value={value.tenantId}
              // another tenant's client and user do not belong to the new one
              onChange={(e) => set({ tenantId: e.target.value, clientId: '', userId: '' })}
            >
              {(serviceWide || value.tenantId === '') && <option value="">No tenant (the service)</option>}
              {!knownTenant && value.tenantId !== '' && (
                <option value={value.tenantId}>{value.tenantId}</option>
              )}
              {tenantTreeOptions(tenants.data ?? []).map((t) => (
                <option key={t.id} value={t.id}>
                  {t.text}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Client"
          hint={
            value.tenantId === '' ? 'Choosing a client chooses its tenant.' : 'The clients of this tenant.'
          }
          error={errors.clientId}
        >
          {(props) => (
            <select
              {...props}
              value={value.clientId}
              onChange={(e) => {
                const client = clients.data?.find((c) => c.id === e.target.value);
                set({ clientId: e.target.value, ...(client && { tenantId: client.tenantId }) });
              }}
            >
              <option value="">No client</option>
              {!knownClient && value.clientId !== '' && (
                <option value={value.clientId}>{value.clientId}</option>
              )}
              {(clients.data ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {value.tenantId === '' ? `${nameAndId(c)} — tenant ${c.tenantId}` : nameAndId(c)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Subject class"
          hint="Whose token it is. Default: the user's own class, else user."
          error={errors.subjectClass}
        >
          {(props) => (
            <select
              {...props}
              value={value.subjectClass}
              onChange={(e) => set({ subjectClass: e.target.value })}
            >
              <option value="">Default</option>
              {SUBJECT_CLASSES.map((name) => (
                <option key={name} value={name} disabled={noServiceClass && name === 'service'}>
                  {noServiceClass && name === 'service'
                    ? `${CLASS_TEXT[name]} (no login to simulate)`
                    : CLASS_TEXT[name]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <UserField
          tenantId={value.tenantId}
          value={value.userId}
          onChange={(userId) => set({ userId })}
          error={errors.userId}
        />
      </div>
      <ScopeField value={value.scope} onChange={(scope) => set({ scope })} error={errors.scope} />
    </fieldset>
  );
}
