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
