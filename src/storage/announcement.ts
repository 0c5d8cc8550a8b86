/** What one process tells the others of a change, so that each drops what it cached. */
export type Announcement = { kind: 'configuration' } | { kind: 'access-token-revoked'; id: string };

export function isAnnouncement(value: unknown): value is Announcement {
  if (typeof value !== 'object' || value === null || !('kind' in value)) return false;
  if (value.kind === 'configuration') return true;
  return value.kind === 'access-token-revoked' && 'id' in value && typeof value.id === 'string';
}
