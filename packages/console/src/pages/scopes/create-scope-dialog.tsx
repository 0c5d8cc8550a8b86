import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { answered, api } from '../../api/client.ts';
import { ApiError } from '../../api/problem.ts';
import { Dialog } from '../../components/dialog.tsx';
import { Field } from '../../components/field.tsx';
import { ErrorNotice } from '../../components/states.tsx';
import { scopePath } from './scope-model.ts';

/** A new scope: the name clients request it by, and what it grants in words. */
export function CreateScopeDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const navigate = useNavigate();
  const queries = useQueryClient();
  const create = useMutation({
    mutationFn: () => answered(api.POST('/admin/v1/scopes', { body: { name, description } })),
    onSuccess: async (scope) => {
      await queries.invalidateQueries({ queryKey: ['scopes'] });
      onClose();
      navigate(scopePath(scope.name));
    },
  });
  const fields = create.error instanceof ApiError ? create.error.fieldMessages() : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <Dialog
      title="New scope"
      open={open}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            form="create-scope"
            className="button button-primary"
            disabled={create.isPending}
          >
            {create.isPending ? 'Creating…' : 'Create scope'}
          </button>
        </>
      }
    >
      <form id="create-scope" onSubmit={submit}>
        <Field
          label="Name"
          hint="As clients request it: printable characters without spaces, such as orders:read."
          error={fields.name}
        >
          {(props) => (
            <input
              {...props}
              required
              spellCheck={false}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <Field label="Description" hint="What the scope grants, in words." error={fields.description}>
          {(props) => (
            <textarea
              {...props}
              rows={3}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
          )}
        </Field>
      </form>
      {create.isError && <ErrorNotice error={create.error} title="The scope was not created" />}
    </Dialog>
  );
}
