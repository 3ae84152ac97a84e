import { config, type Config } from "./config";
import { sharedDatabase, type Db } from "./db/client";
import { createSearchService, type SearchService } from "./search/search-service";

export interface AppServices {
  cfg: Readonly<Config>;
  db: Db;
  search: SearchService;
}

let services: AppServices | undefined;

/** The web server's long-lived services, made on first use (never at import). */
export function appServices(): AppServices {
  if (!services) {
    const cfg = config();
    const db = sharedDatabase(cfg.dbPath);
    services = { cfg, db, search: createSearchService(db, { indexDir: cfg.indexDir }) };
  }
  return services;
}
