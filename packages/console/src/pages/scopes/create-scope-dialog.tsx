import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { answered, api } from '../../api/client.ts';
import { Field } from '../../components/field.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { fieldErrorsOf } from '../../components/submit-mutation.ts';
import { ScopeDescriptionField } from './scope-description-field.tsx';
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
  const fields = fieldErrorsOf(create.error);
  return (
    <FormDialog
      title="New scope"
      open={open}
      onClose={onClose}
      formId="create-scope"
      submitLabel="Create scope"
      pendingLabel="Creating…"
      errorTitle="The scope was not created"
      mutation={create}
    >
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
      <ScopeDescriptionField value={description} onChange={setDescription} error={fields.description} />
    </FormDialog>
  );
}
