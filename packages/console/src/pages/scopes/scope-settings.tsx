import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { answered, api } from '../../api/client.ts';
import { ApiError } from '../../api/problem.ts';
import { DeleteButton } from '../../components/delete-button.tsx';
import { Field } from '../../components/field.tsx';
import { ErrorNotice } from '../../components/states.tsx';
import { instantText } from '../../format/instant.ts';
import type { Scope } from './scope-model.ts';

/** A scope's description, the facts about it, and its deletion. Its name is its identity and does not change. */
export function ScopeSettings({ scope }: { scope: Scope }) {
  const [description, setDescription] = useState(scope.description);
  const queries = useQueryClient();
  const navigate = useNavigate();
  const path = { path: { id: scope.name } };
  const save = useMutation({
    mutationFn: () => answered(api.PATCH('/admin/v1/scopes/{id}', { params: path, body: { description } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['scopes'] }),
  });
  const fields = save.error instanceof ApiError ? save.error.fieldMessages() : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <section aria-labelledby="scope-settings">
      <h2 id="scope-settings">Settings</h2>
      <form onSubmit={submit} className="form">
        <Field label="Description" hint="What the scope grants, in words." error={fields.description}>
          {(props) => (
            <textarea
              {...props}
              rows={3}
              value={description}
              onChange={(e) => {
                save.reset();
                setDescription(e.target.value);
              }}
            />
          )}
        </Field>
        <div className="toolbar">
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save'}
          </button>
          {save.isSuccess && (
            <span role="status" className="notice notice-success">
              Saved.
            </span>
          )}
        </div>
        {save.isError && <ErrorNotice error={save.error} title="The scope was not saved" />}
      </form>
      <dl className="facts">
        <dt>Name</dt>
        <dd>
          <code>{scope.name}</code>
        </dd>
        <dt>Created</dt>
        <dd>{instantText(scope.createdAt)}</dd>
        <dt>Updated</dt>
        <dd>{instantText(scope.updatedAt)}</dd>
      </dl>
      <h2>Delete</h2>
      <DeleteButton
        what="scope"
        name={scope.name}
        consequence="The scope, its policy and its policy history are deleted; clients that list it keep the name, but no policy of its own applies to it any more."
        remove={() => answered(api.DELETE('/admin/v1/scopes/{id}', { params: path }))}
        onDeleted={() => {
          queries.removeQueries({ queryKey: ['scopes', scope.name], exact: true });
          void queries.invalidateQueries({
            queryKey: ['scopes'],
            predicate: (query) => query.queryKey[1] !== scope.name,
          });
          navigate('/scopes');
        }}
      />
    </section>
  );
}
