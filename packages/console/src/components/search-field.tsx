/** A search box with its label and a hint saying what it matches. */
export function SearchField({
  id,
  label,
  placeholder,
  hint,
  value,
  onChange,
  autoComplete,
}: {
  id: string;
  label: string;
  placeholder: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  autoComplete?: 'off';
}) {
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="search"
        value={value}
        placeholder={placeholder}
        aria-describedby={hintId}
        {...(autoComplete !== undefined && { autoComplete })}
        onChange={(e) => onChange(e.target.value)}
      />
      <span id={hintId} className="hint">
        {hint}
      </span>
    </div>
  );
}
