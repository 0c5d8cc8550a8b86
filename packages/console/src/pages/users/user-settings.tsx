import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { answered, api } from '../../api/client.ts';
import { DeleteButton } from '../../components/delete-button.tsx';
import { Field } from '../../components/field.tsx';
import { SettingsForm } from '../../components/settings-form.tsx';
import { fieldErrorsOf } from '../../components/submit-mutation.ts';
import { instantText } from '../../format/instant.ts';
import { SubjectClassField } from './subject-class-field.tsx';
import {
  instantOfLocalInput,
  localInputOf,
  type SubjectClass,
  type User,
  userKeys,
  userName,
} from './user-model.ts';

/** A user's username, class and end; what else is known of them; and their deletion. */
export function UserSettings({ user }: { user: User }) {
  const [username, setUsername] = useState(user.username ?? '');
  const [subjectClass, setSubjectClass] = useState(user.subjectClass as SubjectClass);
  const [validUntil, setValidUntil] = useState(localInputOf(user.validUntil));
  const queries = useQueryClient();
  const navigate = useNavigate();
  const path = { path: { id: user.id } };
  const save = useMutation({
    mutationFn: () =>
      answered(
        api.PATCH('/admin/v1/users/{id}', {
          params: path,
          body: {
            username: username === '' ? null : username,
            subjectClass,
            validUntil: instantOfLocalInput(validUntil),
          },
        }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: userKeys.all }),
  });
  const fields = fieldErrorsOf(save.error);
  return (
    <section aria-labelledby="user-settings">
      <h2 id="user-settings">Settings</h2>
      <SettingsForm mutation={save} errorTitle="The user was not saved">
        <Field label="Username" hint="Unique in the tenant; empty for none." error={fields.username}>
          {(props) => (
            <input
              {...props}
              value={username}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => setUsername(e.target.value)}
            />
          )}
        </Field>
        <SubjectClassField value={subjectClass} onChange={setSubjectClass} error={fields.subjectClass} />
        <Field
          label="Valid until"
          hint="In your time zone; empty: the policy's account validity decides."
          error={fields.validUntil}
        >
          {(props) => (
            <input
              {...props}
              type="datetime-local"
              value={validUntil}
              onChange={(e) => setValidUntil(e.target.value)}
            />
          )}
        </Field>
      </SettingsForm>
      <UserFacts user={user} />
      <h2>Delete</h2>
      <DeleteButton
        what="user"
        name={userName(user)}
        consequence="The user, their policy overrides and their sign-ins are deleted; every token they hold stops working."
        remove={() => answered(api.DELETE('/admin/v1/users/{id}', { params: path }))}
        onDeleted={() => {
          void queries.invalidateQueries({ queryKey: userKeys.all });
          navigate(`/users?tenant=${encodeURIComponent(user.tenantId)}`);
        }}
      />
    </section>
  );
}

/** What "expire tokens" and password changes ended: the tokens issued until the user's not-befores. */
function expiredTokensText({ accessNotBefore, refreshNotBefore }: User): string {
  if (accessNotBefore === null && refreshNotBefore === null)
    return 'none: every token lasts until its own end';
  const until = (instant: string | null) =>
    instant === null ? 'none' : `those issued until ${instantText(instant)}`;
  return `access tokens: ${until(accessNotBefore)}; refresh tokens: ${until(refreshNotBefore)}`;
}

function UserFacts({ user }: { user: User }) {
  const { name, email, email_verified: verified } = user.profile;
  return (
    <dl className="facts">
      <dt>Id</dt>
      <dd>
        <code>{user.id}</code>
      </dd>
      <dt>Tenant</dt>
      <dd>
        <Link to={`/tenants/${encodeURIComponent(user.tenantId)}`}>{user.tenantId}</Link>
      </dd>
      <dt>Password</dt>
      <dd>{user.hasPassword ? 'set' : 'none: no password login'}</dd>
      <dt>Name</dt>
      <dd>{name ?? '—'}</dd>
      <dt>Email</dt>
      <dd>{email === undefined ? '—' : `${email}${verified ? ' (verified)' : ' (not verified)'}`}</dd>
      {user.subjectClass === 'admin' && (
        <>
          <dt>Administers</dt>
          <dd>{user.administers === null ? 'the whole service' : `tenant ${user.administers} and below`}</dd>
        </>
      )}
      <dt>Tokens expired</dt>
      <dd>{expiredTokensText(user)}</dd>
      <dt>Created</dt>
      <dd>{instantText(user.createdAt)}</dd>
      <dt>Updated</dt>
      <dd>{instantText(user.updatedAt)}</dd>
    </dl>
  );
}
