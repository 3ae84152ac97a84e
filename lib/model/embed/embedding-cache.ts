/**
 * A small least-recently-used map, for query embeddings: users repeat and refine searches,
 * and one query's forward pass costs milliseconds the cache saves.
 * Relies on `Map` keeping insertion order: the first key is the least recently used.
 */
export class EmbeddingCache<V = Float32Array> {
  private readonly entries = new Map<string, V>();

  constructor(readonly capacity = 1024) {
    if (!(capacity >= 1)) throw new Error(`cache capacity ${capacity} must be at least 1`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value for `key`, now the most recently used; undefined when absent. */
  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Stores `value`, evicting the least recently used entry when full. */
  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  clear(): void {
    this.entries.clear();
  }
}
