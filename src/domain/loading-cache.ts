/**
 * A read-through cache that is emptied whenever the configuration changes. A load that started before a clear
 * is not stored, so a value read from the store before a change never outlives the change.
 */
export class LoadingCache<K, V> {
  private readonly entries = new Map<K, V>();
  private generation = 0;

  constructor(private readonly maxEntries = 10_000) {}

  peek(key: K): V | undefined {
    return this.entries.get(key);
  }

  async get(key: K, load: (key: K) => Promise<V>): Promise<V> {
    // `has`, not `get`: a cached "not found" (undefined) is a hit too
    if (this.entries.has(key)) return this.entries.get(key) as V;
    const generation = this.generation;
    const value = await load(key);
    if (generation === this.generation) {
      // bounded by dropping everything: cheaper than LRU bookkeeping on every hit, and misses are rare
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(key, value);
    }
    return value;
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }
}
