import "server-only";
import { config, type Config } from "@/lib/config";
import { sharedDatabase, type Db } from "@/lib/db/client";
import { EmbedderPool } from "@/lib/search/embedder-pool";
import { createSearchService, type SearchService } from "@/lib/search/search-service";

export interface AppServices {
  cfg: Readonly<Config>;
  db: Db;
  search: SearchService;
  /** Query-time embedders, one per model folder. */
  embedders: EmbedderPool;
}

let services: AppServices | undefined;

/** The web server's long-lived services, made on first use (never at import). */
export function appServices(): AppServices {
  if (!services) {
    const cfg = config();
    const db = sharedDatabase(cfg.dbPath);
    // Off the event loop: a query's forward pass would otherwise hold every other request.
    const embedders = new EmbedderPool(1, cfg.embedPrecision, { ...cfg.embedderPool, offThread: true });
    services = {
      cfg,
      db,
      embedders,
      search: createSearchService(db, { indexDir: cfg.indexDir, embedders, searchThread: cfg.searchThread }),
    };
  }
  return services;
}
