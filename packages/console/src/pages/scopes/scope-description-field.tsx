import { Field } from '../../components/field.tsx';

/** What a scope grants, in words. */
export function ScopeDescriptionField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (description: string) => void;
  error: string | undefined;
}) {
  return (
    <Field label="Description" hint="What the scope grants, in words." error={error}>
      {(props) => <textarea {...props} rows={3} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}
