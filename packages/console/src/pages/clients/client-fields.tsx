import { useId } from 'react';
import { Field } from '../../components/field.tsx';
import {
  AUTH_METHODS,
  type ClientDraft,
  GRANT_TYPES,
  type GrantType,
  lines,
  problemsOf,
  scopeList,
} from './client-model.ts';
import './clients.css';

/** The grant types as checkboxes in a fieldset, with the server's problem about them. */
function GrantTypeChoices({
  chosen,
  onChange,
  error,
}: {
  chosen: readonly GrantType[];
  onChange: (grantTypes: GrantType[]) => void;
  error: string | undefined;
}) {
  const errorId = useId();
  const toggle = (value: GrantType, on: boolean) =>
    onChange(on ? [...chosen, value] : chosen.filter((g) => g !== value));
  return (
    <fieldset className="field client-grant-types" {...(error && { 'aria-describedby': errorId })}>
      <legend>Grant types</legend>
      {GRANT_TYPES.map((grant) => (
        <label key={grant.value} className="client-choice">
          <input
            type="checkbox"
            checked={chosen.includes(grant.value)}
            onChange={(e) => toggle(grant.value, e.target.checked)}
          />
          <span>
            {grant.label} <span className="hint">— {grant.hint}</span>
          </span>
        </label>
      ))}
      {error && (
        <span id={errorId} className="field-error">
          {error}
        </span>
      )}
    </fieldset>
  );
}

/**
 * A client's registration: how it gets tokens, where it may send users back, what it may ask for and how it
 * proves who it is. Under each field, the server's problem with it.
 */
export function ClientFields({
  draft,
  onChange,
  fields,
}: {
  draft: ClientDraft;
  onChange: (draft: ClientDraft) => void;
  fields: Record<string, string>;
}) {
  const set = <K extends keyof ClientDraft>(key: K, value: ClientDraft[K]) =>
    onChange({ ...draft, [key]: value });
  return (
    <>
      <Field label="Name" error={fields.name}>
        {(props) => (
          <input {...props} required value={draft.name} onChange={(e) => set('name', e.target.value)} />
        )}
      </Field>
      <GrantTypeChoices
        chosen={draft.grantTypes}
        onChange={(grantTypes) => set('grantTypes', grantTypes)}
        error={fields.grantTypes}
      />
      <Field
        label="Redirect URIs"
        hint="One a line; absolute, without a fragment. Needed for the authorization code grant."
        error={problemsOf(fields, 'redirectUris', lines(draft.redirectUris))}
      >
        {(props) => (
          <textarea
            {...props}
            rows={3}
            spellCheck={false}
            value={draft.redirectUris}
            onChange={(e) => set('redirectUris', e.target.value)}
          />
        )}
      </Field>
      <Field
        label="Post-logout redirect URIs"
        hint="One a line: where the client may send users after they sign out."
        error={problemsOf(fields, 'postLogoutRedirectUris', lines(draft.postLogoutRedirectUris))}
      >
        {(props) => (
          <textarea
            {...props}
            rows={2}
            spellCheck={false}
            value={draft.postLogoutRedirectUris}
            onChange={(e) => set('postLogoutRedirectUris', e.target.value)}
          />
        )}
      </Field>
      <Field
        label="Scopes"
        hint="Separated by spaces: the scopes the client may request."
        error={problemsOf(fields, 'scopes', scopeList(draft.scopes))}
      >
        {(props) => (
          <input
            {...props}
            spellCheck={false}
            value={draft.scopes}
            onChange={(e) => set('scopes', e.target.value)}
          />
        )}
      </Field>
      <Field
        label="Token endpoint authentication"
        hint="A client that authenticates gets a secret, shown once."
        error={fields.tokenEndpointAuthMethod}
      >
        {(props) => (
          <select
            {...props}
            value={draft.tokenEndpointAuthMethod}
            onChange={(e) =>
              set(
                'tokenEndpointAuthMethod',
                AUTH_METHODS.find((m) => m.value === e.target.value)?.value ?? 'client_secret_basic',
              )
            }
          >
            {AUTH_METHODS.map((method) => (
              <option key={method.value} value={method.value}>
                {method.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <label className="client-choice">
        <input
          type="checkbox"
          checked={draft.firstParty}
          onChange={(e) => set('firstParty', e.target.checked)}
        />
        <span>
          First-party app{' '}
          <span className="hint">— the operator's own app: it may use the first-party sign-in API</span>
        </span>
      </label>
      {fields.firstParty && <span className="field-error">{fields.firstParty}</span>}
    </>
  );
}
