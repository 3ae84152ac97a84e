import { indexFolder, type IndexKey, type IndexManifest } from "@/lib/index/index-manifest";
import { loadIndex, readManifest, type LoadedIndex } from "@/lib/index/index-store";
import type { SearchThreadPolicy } from "@/lib/index/vector-index";

/** An index in memory, with the corpus and model version it answers for. */
export interface CachedIndex extends LoadedIndex {
  key: IndexKey;
}

/** Options of {@link IndexCache}. */
export interface IndexCacheOptions {
  /** Root of the index folders (`config().indexDir`). */
  indexDir: string;
  /**
   * How often, per corpus, `serving` looks on disk for a newer save of the index it serves
   * (ms, default 5,000). Also how long a failed load is remembered before it is retried.
   */
  checkEveryMs?: number;
  /**
   * Where the served indexes run graph and exact searches (default `auto`: in a search thread
   * when one search costs at least `OFF_THREAD_MIN_MS`; see `SearchThreadPolicy`).
   */
  searchThread?: SearchThreadPolicy;
  /** Loads one folder (default `loadIndex`); tests substitute a slow or failing one. */
  load?: (folder: string, key: IndexKey) => Promise<LoadedIndex>;
  /** Told about loads that failed while an older index kept serving (default: console.error). */
  onError?: (error: unknown, key: IndexKey) => void;
  /** Clock in ms (default `Date.now`). */
  now?: () => number;
}

interface Loading {
  key: IndexKey;
  promise: Promise<CachedIndex>;
}

interface Slot {
  current?: CachedIndex;
  loading?: Loading;
  failed?: { key: IndexKey; at: number; error: unknown };
  checkedAt: number;
}

/**
 * Keeps one loaded index per corpus, for the model version that serves it, and replaces it
 * only once its successor is completely loaded: searches during a swap get the old index or
 * the new one, never an error or an empty answer. Per process; every web replica has its own.
 */
export class IndexCache {
  private readonly slots = new Map<number, Slot>();
  private readonly checkEveryMs: number;
  private readonly load: (folder: string, key: IndexKey) => Promise<LoadedIndex>;
  private readonly onError: (error: unknown, key: IndexKey) => void;
  private readonly now: () => number;

  constructor(private readonly options: IndexCacheOptions) {
    this.checkEveryMs = options.checkEveryMs ?? 5_000;
    const searchThread = options.searchThread ?? "auto";
    this.load = options.load ?? ((folder, key) => loadIndex(folder, { expect: key, searchThread }));
    this.onError =
      options.onError ??
      ((error, key) =>
        console.error(`index for corpus ${key.corpusId}, model version ${key.modelVersionId} did not load:`, error));
    this.now = options.now ?? Date.now;
  }

  /**
   * The index to search a corpus with, given the model version that should serve it.
   *
   * While that version is still loading, the index already in memory answers (possibly of an
   * older model version): embed the query with `result.key.modelVersionId`, not with the one
   * asked for. Waits only when the corpus has no index in memory yet.
   *
   * @throws IndexLoadError when nothing is in memory and the index cannot be loaded
   */
  async serving(corpusId: number, modelVersionId: number): Promise<CachedIndex> {
    const key = { corpusId, modelVersionId };
    const slot = this.slot(corpusId);
    const current = slot.current;
    if (current && current.key.modelVersionId === modelVersionId) {
      // Asked for what serves (e.g. a promotion was rolled back): drop a load of another version.
      if (slot.loading && !sameKey(slot.loading.key, key)) slot.loading = undefined;
      this.checkForNewerSave(slot, current);
      return current;
    }
    const recentFailure =
      slot.failed && sameKey(slot.failed.key, key) && this.now() - slot.failed.at < this.checkEveryMs;
    if (current) {
      if (!recentFailure) this.startLoad(slot, key).catch(() => {});
      return current;
    }
    if (recentFailure) throw slot.failed!.error;
    return this.startLoad(slot, key);
  }

  /** The index a corpus is served by now, if one is in memory. */
  current(corpusId: number): CachedIndex | undefined {
    return this.slots.get(corpusId)?.current;
  }

  /**
   * Loads the latest save of `key` and makes it serve its corpus once complete (after a
   * promotion or a rebuild). Resolves to what serves afterwards; the old index serves until then.
   */
  async preload(key: IndexKey): Promise<CachedIndex> {
    const slot = this.slot(key.corpusId);
    const current = slot.current;
    if (current && sameKey(current.key, key)) {
      const manifest = await readManifestQuietly(this.folder(key));
      if (!manifest || manifest.file === current.manifest.file) return current;
    }
    return this.startLoad(slot, key);
  }

  /** Forgets a corpus's index (e.g. the corpus was deleted); searches in flight keep theirs. */
  evict(corpusId: number): void {
    this.slots.delete(corpusId);
  }

  private startLoad(slot: Slot, key: IndexKey): Promise<CachedIndex> {
    if (slot.loading && sameKey(slot.loading.key, key)) return slot.loading.promise;
    // The callbacks run after `loading` is assigned below; they compare against it.
    let loading: Loading | undefined = undefined;
    const promise = this.load(this.folder(key), key).then(
      (loaded) => {
        const entry: CachedIndex = { ...loaded, key };
        // A later request for another version supersedes this one; its result is dropped.
        if (slot.loading === loading) {
          slot.current = entry;
          slot.loading = undefined;
          slot.failed = undefined;
          slot.checkedAt = this.now();
        }
        return entry;
      },
      (error: unknown) => {
        if (slot.loading === loading) slot.loading = undefined;
        slot.failed = { key, at: this.now(), error };
        if (slot.current) this.onError(error, key);
        throw error;
      },
    );
    loading = { key, promise };
    slot.loading = loading;
    return promise;
  }

  /** At most every `checkEveryMs`, reloads in the background if the folder holds a newer save. */
  private checkForNewerSave(slot: Slot, current: CachedIndex): void {
    const now = this.now();
    if (slot.loading || now - slot.checkedAt < this.checkEveryMs) return;
    slot.checkedAt = now;
    // Fire and forget: reading the manifest never rejects, and a failed reload is caught.
    void readManifestQuietly(this.folder(current.key)).then((manifest) => {
      if (manifest && manifest.file !== current.manifest.file && slot.current === current)
        this.startLoad(slot, current.key).catch(() => {});
    });
  }

  private slot(corpusId: number): Slot {
    let slot = this.slots.get(corpusId);
    if (!slot) {
      slot = { checkedAt: this.now() };
      this.slots.set(corpusId, slot);
    }
    return slot;
  }

  private folder(key: IndexKey): string {
    return indexFolder(this.options.indexDir, key);
  }
}

/** The manifest, or undefined when there is none or it is broken (a load reports the details). */
function readManifestQuietly(folder: string): Promise<IndexManifest | undefined> {
  return readManifest(folder).catch(() => undefined);
}

function sameKey(a: IndexKey, b: IndexKey): boolean {
  return a.corpusId === b.corpusId && a.modelVersionId === b.modelVersionId;
}
