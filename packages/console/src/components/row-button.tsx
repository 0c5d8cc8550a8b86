/** A small button acting on one row of a table; screen readers also hear which row it acts on. */
export function RowButton({ label, row, onClick }: { label: string; row: string; onClick: () => void }) {
  return (
    <button type="button" className="button button-small" onClick={onClick}>
      {label}
      <span className="visually-hidden"> {row}</span>
    </button>
  );
}
