import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { answered, api } from '../../api/client.ts';
import { DeleteButton } from '../../components/delete-button.tsx';
import { SettingsForm } from '../../components/settings-form.tsx';
import { fieldErrorsOf } from '../../components/submit-mutation.ts';
import { instantText } from '../../format/instant.ts';
import { ScopeDescriptionField } from './scope-description-field.tsx';
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
  const fields = fieldErrorsOf(save.error);
  return (
    <section aria-labelledby="scope-settings">
      <h2 id="scope-settings">Settings</h2>
      <SettingsForm mutation={save} errorTitle="The scope was not saved">
        <ScopeDescriptionField
          value={description}
          onChange={(next) => {
            save.reset();
            setDescription(next);
          }}
          error={fields.description}
        />
      </SettingsForm>
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
