import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/** Access fixes of issue 13: each block attacks one finding through the real route handlers. */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-hardening-"));
process.env.COGNATE_DATA_DIR = dataDir;
process.env.COGNATE_SAMPLE = "0";
process.env.COGNATE_RATE_LIMIT_IP = "100000";
process.env.COGNATE_RATE_LIMIT_LOGIN = "100000";
process.env.COGNATE_MASTER_KEY = "master-key-for-the-hardening-test";

const meRoute = await import("@/app/api/v1/auth/me/route");
const { appServices } = await import("@/lib/app-services");
const { createCorpus } = await import("@/lib/db/queries/corpora");

const base = "http://localhost/api/v1";
const get = (url: string, headers: Record<string, string> = {}) => new Request(`${base}${url}`, { headers });
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("malformed session cookie", () => {
  it("is treated as signed out, not a 500", async () => {
    appServices();
    for (const cookie of ["cognate_session=%E0%A4%A", "cognate_session=%", "cognate_session=%zz; other=1"]) {
      const res = await meRoute.GET(get("/auth/me", { cookie }));
      expect(res.status, cookie).toBe(200);
      expect((await res.json()).kind).toBe("anonymous");
    }
  });
});

describe("private corpus ids", () => {
  const routes: [string, string, Record<string, string>][] = [
    ["@/app/api/v1/corpora/[id]/route", "/corpora/ID", {}],
    ["@/app/api/v1/corpora/[id]/documents/route", "/corpora/ID/documents", {}],
    ["@/app/api/v1/corpora/[id]/passages/route", "/corpora/ID/passages?ids=1", {}],
    ["@/app/api/v1/corpora/[id]/clusters/route", "/corpora/ID/clusters", {}],
    ["@/app/api/v1/corpora/[id]/clusters/map/route", "/corpora/ID/clusters/map", {}],
    ["@/app/api/v1/corpora/[id]/clusters/export/route", "/corpora/ID/clusters/export", {}],
    ["@/app/api/v1/corpora/[id]/clusters/[cid]/route", "/corpora/ID/clusters/1", { cid: "1" }],
  ];

  it("answer anonymous callers alike whether the corpus is private or missing", async () => {
    const privateId = createCorpus(appServices().db, { name: "hidden corpus" }).id;
    const missingId = privateId + 1000;
    for (const [module, url, extra] of routes) {
      const route = (await import(/* @vite-ignore */ module)) as { GET: (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response> };
      const answer = async (id: number) => {
        const res = await route.GET(get(url.replace("ID", String(id))), { params: Promise.resolve({ id: String(id), ...extra }) });
        return { status: res.status, message: String((await res.json()).error?.message).replace(String(id), "ID") };
      };
      const [priv, missing] = [await answer(privateId), await answer(missingId)];
      expect(priv.status, url).toBe(401);
      expect(missing, url).toEqual(priv);
    }
  });
});
