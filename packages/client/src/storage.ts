/**
 * Where the SDK keeps the session: one record under one key, written whole, so that a reader never sees half of
 * a refresh. Methods may be synchronous or return promises.
 */
export interface StorageAdapter {
  get(key: string): string | null | Promise<string | null>;
  set(key: string, value: string): void | Promise<void>;
  remove(key: string): void | Promise<void>;
}

/** The default: this instance's memory, gone with the page or process (no token ever reaches disk). */
export function memoryStorage(): StorageAdapter {
  const values = new Map<string, string>();
  return {
    get: (key) => values.get(key) ?? null,
    set: (key, value) => {
      values.set(key, value);
    },
    remove: (key) => {
      values.delete(key);
    },
  };
}

/**
 * `localStorage` (shared by the tabs of an origin: what lets one tab refresh for all) or `sessionStorage`. Keep
 * tokens there only when the app's Content-Security-Policy leaves no room for injected scripts.
 */
export function webStorage(storage: Storage): StorageAdapter {
  return {
    get: (key) => storage.getItem(key),
    set: (key, value) => storage.setItem(key, value),
    remove: (key) => storage.removeItem(key),
  };
}
