/** An RFC 3339 instant as a person reads it, in their locale and time zone. */
export function instantText(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'medium' });
}
