/**
 * Tells every cache that the stored configuration changed: after a local write at once, and after a write by
 * another process (the CLI, another instance) when the change watcher sees the configuration version move.
 */
export type ChangeOrigin = 'local' | 'remote';

export class ConfigurationChanges {
  private readonly listeners: Array<(origin: ChangeOrigin) => void | Promise<void>> = [];

  subscribe(listener: (origin: ChangeOrigin) => void | Promise<void>): void {
    this.listeners.push(listener);
  }

  /**
   * Runs every listener; resolves when the ones that reload from the store are done. `remote`: another
   * process made the change (seen by polling or announced), so it is not announced again.
   */
  async publish(origin: ChangeOrigin = 'local'): Promise<void> {
    await Promise.all(this.listeners.map((listener) => listener(origin)));
  }
}
