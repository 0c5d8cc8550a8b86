import { useId } from 'react';
import { Field } from '../field.tsx';
import { useUserOptions } from './context-lists.ts';

/**
 * An optional user: an id typed or pasted, with the tenant's users offered as suggestions (a native datalist,
 * which keyboards and screen readers know). A user brings their tenant, subject class and own overrides.
 */
export function UserField({
  tenantId,
  value,
  onChange,
  error,
}: {
  tenantId: string;
  value: string;
  onChange: (userId: string) => void;
  error?: string | undefined;
}) {
  const listId = useId();
  const users = useUserOptions(tenantId);
  const suggestions = users.data ?? [];
  const hint =
    suggestions.length === 0
      ? 'Optional: a user id. Their tenant and subject class apply.'
      : `Optional: a user id, or one of the tenant's users offered as you type (${suggestions.length}).`;
  return (
    <Field label="User" hint={hint} error={error}>
      {(props) => (
        <>
          <input
            {...props}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            list={suggestions.length > 0 ? listId : undefined}
            autoComplete="off"
            spellCheck={false}
          />
          {suggestions.length > 0 && (
            <datalist id={listId}>
              {suggestions.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.username ?? user.profile.name ?? user.id}
                </option>
              ))}
            </datalist>
          )}
        </>
      )}
    </Field>
  );
}
