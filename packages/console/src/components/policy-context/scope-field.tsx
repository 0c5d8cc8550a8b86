import { Field } from '../field.tsx';
import { useScopeOptions } from './context-lists.ts';
import { normalScope, scopesOf } from './context-params.ts';

/**
 * The requested scopes: typed space-separated, or ticked from the scopes the service knows (both stay in step).
 * Of the requested scopes that carry a lifetime, the shortest applies.
 */
export function ScopeField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (scope: string) => void;
  error?: string | undefined;
}) {
  const scopes = useScopeOptions();
  const chosen = new Set(scopesOf(value));
  const toggle = (name: string, on: boolean) => {
    const rest = scopesOf(value).filter((s) => s !== name);
    onChange(normalScope(on ? [...rest, name].join(' ') : rest.join(' ')));
  };
  const known = scopes.data ?? [];
  return (
    <div className="policy-context-scopes">
      <Field
        label="Scopes"
        hint="Space-separated, e.g. openid payments. Of the scopes that carry a lifetime, the shortest applies."
        error={error}
      >
        {(props) => (
          <input
            {...props}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        )}
      </Field>
      {known.length > 0 && (
        <details className="policy-context-scope-list">
          <summary>Choose from the scopes list ({known.length})</summary>
          <fieldset>
            <legend className="visually-hidden">Scopes</legend>
            <ul>
              {known.map((scope) => (
                <li key={scope.id}>
                  <label>
                    <input
                      type="checkbox"
                      checked={chosen.has(scope.name)}
                      onChange={(e) => toggle(scope.name, e.target.checked)}
                    />{' '}
                    <code>{scope.name}</code>
                    {scope.description !== '' && <span className="muted"> — {scope.description}</span>}
                    {Object.keys(scope.policy).length > 0 && <span className="badge">has a policy</span>}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        </details>
      )}
    </div>
  );
}
