import { type Announcement, isAnnouncement } from '../announcement.ts';

/**
 * The relay's messages on node:cluster's IPC channel. A worker joins, then announces its changes; the primary
 * has every other joined worker apply one, and tells the announcing worker once all have (`delivered`).
 */
export type WorkerMessage =
  | { relay: 'join' }
  | { relay: 'announce'; id: number; announcement: Announcement }
  | { relay: 'applied'; id: number };

export type PrimaryMessage =
  | { relay: 'joined' }
  | { relay: 'apply'; id: number; announcement: Announcement }
  | { relay: 'delivered'; id: number };

const hasId = (value: object): value is { id: number } => 'id' in value && typeof value.id === 'number';

export function isWorkerMessage(value: unknown): value is WorkerMessage {
  if (typeof value !== 'object' || value === null || !('relay' in value)) return false;
  if (value.relay === 'join') return true;
  if (value.relay === 'applied') return hasId(value);
  return (
    value.relay === 'announce' &&
    hasId(value) &&
    'announcement' in value &&
    isAnnouncement(value.announcement)
  );
}

export function isPrimaryMessage(value: unknown): value is PrimaryMessage {
  if (typeof value !== 'object' || value === null || !('relay' in value)) return false;
  if (value.relay === 'joined') return true;
  if (value.relay === 'delivered') return hasId(value);
  return (
    value.relay === 'apply' && hasId(value) && 'announcement' in value && isAnnouncement(value.announcement)
  );
}
