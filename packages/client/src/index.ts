export { type DeviceAuthorization, LifespanClient, type Me } from './client.ts';
export type { LifespanClientOptions, Locks } from './client-core.ts';
export { LifespanError } from './errors.ts';
export type { ClientEvents, EventName, SessionEndReason } from './events.ts';
export type { Session, SessionSource } from './session.ts';
export { memoryStorage, type StorageAdapter, webStorage } from './storage.ts';
