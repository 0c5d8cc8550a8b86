import { Field } from '../../components/field.tsx';
import { SUBJECT_CLASSES, type SubjectClass } from './user-model.ts';

/** The user's subject class, which picks the policy's per-class settings. */
export function SubjectClassField({
  value,
  onChange,
  error,
}: {
  value: SubjectClass;
  onChange: (subjectClass: SubjectClass) => void;
  error: string | undefined;
}) {
  return (
    <Field label="Subject class" hint="The class picks the policy's per-class settings." error={error}>
      {(props) => (
        <select {...props} value={value} onChange={(e) => onChange(e.target.value as SubjectClass)}>
          {SUBJECT_CLASSES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
