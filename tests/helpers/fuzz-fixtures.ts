import path from "node:path";
import { createApiKey } from "@/lib/auth/api-key";
import { registerUser } from "@/lib/auth/accounts";
import { SESSION_COOKIE, startSession } from "@/lib/auth/session-token";
import type { Db } from "@/lib/db/client";
import { getApiKeyByPrefix } from "@/lib/db/queries/api-keys";
import { latestClusterRun, listClusters } from "@/lib/db/queries/clusters";
import { createCorpus, getCorpus, setCorpusPublic } from "@/lib/db/queries/corpora";
import { listDocuments } from "@/lib/db/queries/documents";
import { latestJobOfType } from "@/lib/db/queries/jobs";
import { liveModelVersion } from "@/lib/db/queries/model-versions";
import { createUser, getUserByEmail, updateUser } from "@/lib/db/queries/users";
import { jobHandlers } from "@/lib/jobs/handlers";
import { enqueuePrepareModel } from "@/lib/pipeline/stage-jobs";
import { runWorkerLoop } from "@/lib/jobs/worker-loop";
import { TEST_MASTER_KEY } from "@/tests/helpers/api-auth";
import { writeTinyModel } from "@/tests/fixtures/tiny-model";
import { storeDocuments } from "@/tests/helpers/store-documents";

const TOPICS = [
  "the dog runs in the park with a ball",
  "a man plays the guitar and sings a song",
  "the river flows under the old bridge in the city",
  "the market price of oil fell this year",
  "children swim in the sea on the beach",
  "the police report a shot near the street",
];

const docs = (tag: string) =>
  TOPICS.map((t, i) => ({ title: `${tag} ${i}`, passages: [t, `${t} again`, `more about ${t.split(" ")[1]}`] }));

/** The fixtures each kind of route is about, by path prefix: drawn more often than the others. */
const OWN_IDS: Record<string, string[]> = {
  "/corpora/": ["@corpus", "@corpus", "@open", "@victim"],
  "/documents/": ["@document"],
  "/jobs/": ["@job"],
  "/models/": ["@version"],
  "/users/": ["@user", "@admin"],
  "/keys/": ["@key"],
};

/**
 * A world for fuzzing the API: a corpus with a live tiny model (embedded, indexed, clustered
 * where the pipeline does so), a public corpus, a "victim" corpus that DELETE may take, an admin,
 * a user and a search key. `restore()` puts back whatever a fuzzed request changed that the next
 * ones rely on; path parameters name fixtures as "@corpus", "@job", ... resolved at call time.
 */
export async function fuzzFixtures(db: Db, dataDir: string) {
  const victimDocs = docs("victim");
  let victim = (await createCorpus(db, { name: "victim" })).id;
  await storeDocuments(db, victim, victimDocs);
  const corpus = (await createCorpus(db, { name: "fuzz corpus" })).id;
  await storeDocuments(db, corpus, docs("doc"));
  const open = (await createCorpus(db, { name: "open corpus" })).id;
  await storeDocuments(db, open, docs("open"));
  await setCorpusPublic(db, open, true);

  const modelDir = path.join(dataDir, "tiny-model");
  writeTinyModel(modelDir, { seed: 5 });
  await enqueuePrepareModel(db, { corpusId: corpus, spec: `dir:${modelDir}`, promote: true });
  await runWorkerLoop(db, {
    handlers: jobHandlers,
    leaseMs: 30_000,
    pollMs: 10,
    signal: new AbortController().signal,
    untilIdle: true,
  });

  const accounts = {
    admin: await registerUser(db, { email: "admin@fuzz.example", password: "admin-password-1", role: "admin" }),
    user: await registerUser(db, { email: "user@fuzz.example", password: "user-password-1", role: "user" }),
  };
  const hashes: Record<string, string> = {};
  for (const [k, u] of Object.entries(accounts)) hashes[k] = (await getUserByEmail(db, u.email))!.passwordHash;
  const makeKey = () =>
    createApiKey(db, { name: "fuzz key", scopes: ["search", "similarity"], expiresAt: null, createdBy: null });
  let key = await makeKey();

  const account = async (role: "admin" | "user") => {
    const email = accounts[role].email;
    let row = await getUserByEmail(db, email);
    if (!row) await createUser(db, { email, role, passwordHash: hashes[role] });
    else if (row.role !== role) await updateUser(db, row.id, { role });
    row = (await getUserByEmail(db, email))!;
    return row.id;
  };
  const live = async () => (await liveModelVersion(db, corpus))!;
  const resolve: Record<string, () => Promise<string> | string> = {
    "@corpus": () => String(corpus),
    "@open": () => String(open),
    "@victim": () => String(victim),
    "@version": async () => String((await live()).id),
    "@job": async () => String((await latestJobOfType(db, corpus, "index"))?.id ?? 1),
    "@document": async () => String((await listDocuments(db, corpus, { limit: 1, offset: 0 })).rows[0].id),
    "@admin": async () => String(await account("admin")),
    "@user": async () => String(await account("user")),
    "@key": () => String(key.key.id),
    "@cluster": async () => {
      const run = await latestClusterRun(db, corpus);
      return String(run ? ((await listClusters(db, run.id))[0]?.clusterId ?? 0) : 0);
    },
  };

  return {
    /** Callers by name, admins more often (repeated), so that most requests get past access. */
    callerNames: ["master", "master", "master", "admin", "admin", "admin", "user", "key", "anonymous", "bare"],
    async callerHeaders(name: string): Promise<Record<string, string>> {
      const session = async (id: number) => ({
        cookie: `${SESSION_COOKIE}=${(await startSession(db, id, 3_600_000)).token}`,
        origin: "http://localhost",
      });
      if (name === "master") return { authorization: `Bearer ${TEST_MASTER_KEY}` };
      if (name === "admin") return session(await account("admin"));
      if (name === "user") return session(await account("user"));
      if (name === "key") return { authorization: `Bearer ${key.secret}` };
      if (name === "anonymous") return { origin: "http://localhost" };
      return {};
    },
    /** Fixture names for each path parameter; the victim corpus only, where the route deletes a corpus. */
    idsFor(routeKey: string): Record<string, string[]> {
      if (routeKey === "DELETE /api/v1/corpora/{id}") return { id: ["@victim"] };
      const own = Object.entries(OWN_IDS).find(([prefix]) => routeKey.includes(prefix))?.[1] ?? [];
      const all = Object.keys(resolve).filter((k) => k !== "@cluster");
      return { id: [...own, ...own, ...own, ...all], cid: ["@cluster", "@cluster", "-1", "0"] };
    },
    /** Path parameters with fixture names replaced by ids, resolved one after another in path order. */
    async resolveParams(params: Record<string, string>): Promise<Record<string, string>> {
      const resolved: Record<string, string> = {};
      for (const [k, v] of Object.entries(params)) resolved[k] = resolve[v] ? await resolve[v]() : v;
      return resolved;
    },
    async restore(): Promise<void> {
      await account("admin");
      await account("user");
      await setCorpusPublic(db, open, true);
      await setCorpusPublic(db, corpus, false);
      if (!(await getCorpus(db, victim))) {
        victim = (await createCorpus(db, { name: `victim ${Date.now()}` })).id;
        await storeDocuments(db, victim, victimDocs);
      }
      if (!(await getCorpus(db, corpus)))
        throw new Error("a fuzzed request deleted the model corpus: keep its id out of DELETE");
      // DELETE /keys/{id} may have revoked the search key.
      if ((await getApiKeyByPrefix(db, key.key.prefix))?.revokedAt != null) key = await makeKey();
    },
  };
}
