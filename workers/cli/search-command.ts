import { parseArgs } from "node:util";
import { config } from "@/lib/config";
import { closeDatabase, openDatabase } from "@/lib/db/client";
import { getCorpusByName } from "@/lib/db/queries/corpora";
import { EmbedderPool } from "@/lib/search/embedder-pool";
import { createSearchService } from "@/lib/search/search-service";
import type { SearchMode } from "@/lib/search/search-types";

const USAGE = 'usage: npm run cli -- search --corpus NAME "query" [--mode dense|lexical|hybrid] [--k K] [--json]';
const MODES = ["dense", "lexical", "hybrid"];

/** `search --corpus NAME "query"`: prints the top passages, best first. */
export async function searchCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      corpus: { type: "string" },
      mode: { type: "string", default: "hybrid" },
      k: { type: "string", default: "10" },
      json: { type: "boolean", default: false },
    },
  });
  const query = positionals.join(" ").trim();
  if (!query || !values.corpus) throw new Error(USAGE);
  if (!MODES.includes(values.mode!)) throw new Error(`--mode must be one of ${MODES.join(", ")}`);
  const k = Number(values.k);
  if (!Number.isInteger(k) || k < 1 || k > 100) throw new Error("--k must be a whole number from 1 to 100");
  const cfg = config();
  const db = openDatabase(cfg.dbPath);
  const corpus = await getCorpusByName(db, values.corpus);
  if (!corpus)
    throw new Error(
      `no corpus named "${values.corpus}"; list them with GET /api/v1/corpora or create one with npm run cli -- ingest`,
    );
  const embedders = new EmbedderPool(cfg.threads, cfg.embedPrecision);
  try {
    const response = await createSearchService(db, { indexDir: cfg.indexDir, embedders }).search({
      query,
      mode: values.mode as SearchMode,
      corpusId: corpus.id,
      k,
    });
    if (values.json) {
      console.log(JSON.stringify(response, null, 2));
      return;
    }
    if (response.notice) console.error(`note: ${response.notice}`);
    console.error(`${response.results.length} results (${response.mode}, ${response.tookMs} ms)`);
    response.results.forEach((hit, i) => {
      console.log(
        `${String(i + 1).padStart(2)}. [${hit.score.toFixed(4)}] ${hit.documentTitle} (document ${hit.documentId}, passage ${hit.passageId})`,
      );
      console.log(`    ${hit.text.replace(/\s+/g, " ").slice(0, 300)}`);
    });
  } finally {
    await embedders.dispose();
    await closeDatabase(db);
  }
}
