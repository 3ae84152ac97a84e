import { spawn } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { clientAddress, parseTrustedProxies } from "@/lib/auth/client-address";
import { readConfig } from "@/lib/config";

const env = (vars: Record<string, string> = {}) => ({ NODE_ENV: "test", ...vars }) as NodeJS.ProcessEnv;
const request = (forwardedFor?: string) =>
  new Request("http://localhost/api/v1/search", {
    headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor },
  });

describe("client address", () => {
  it("with no trusted proxy (the default), is the last entry: the peer the server itself saw", () => {
    // What the web server sees when a client sends "X-Forwarded-For: 1.2.3.4" straight to it.
    expect(clientAddress(request("1.2.3.4, 203.0.113.9"))).toBe("203.0.113.9");
    expect(clientAddress(request("203.0.113.9"))).toBe("203.0.113.9");
    expect(clientAddress(request("::ffff:203.0.113.9"))).toBe("203.0.113.9");
    expect(clientAddress(request())).toBe("local");
    expect(readConfig(env()).auth.trustedProxies).toEqual([]);
  });

  it("skips trusted proxies from the right and ignores what the client wrote before them", () => {
    const trusted = parseTrustedProxies("127.0.0.1, 10.0.0.0/8, fd00::/8");
    // client forged 6.6.6.6; the edge proxy 10.1.2.3 appended the real client; the local proxy appended 10.1.2.3; the preload appended 127.0.0.1.
    expect(clientAddress(request("6.6.6.6, 198.51.100.7, 10.1.2.3, 127.0.0.1"), trusted)).toBe("198.51.100.7");
    expect(clientAddress(request("198.51.100.7, ::ffff:127.0.0.1"), trusted)).toBe("198.51.100.7");
    expect(clientAddress(request("2001:db8::1, fd00::5"), trusted)).toBe("2001:db8::1");
    // A client that bypasses the proxy is the peer itself, whatever it wrote.
    expect(clientAddress(request("6.6.6.6, 198.51.100.7"), trusted)).toBe("198.51.100.7");
    // Only proxies all the way: the furthest known address.
    expect(clientAddress(request("10.0.0.1, 127.0.0.1"), trusted)).toBe("10.0.0.1");
  });

  it("refuses a malformed COGNATE_TRUSTED_PROXIES at start, naming the entry", () => {
    expect(readConfig(env({ COGNATE_TRUSTED_PROXIES: "127.0.0.1,::1" })).auth.trustedProxies).toEqual([
      "127.0.0.1",
      "::1",
    ]);
    for (const bad of ["localhost", "10.0.0.0/33", "10.0.0.1/8/1", "fd00::/129", "10.0.0/8"]) {
      expect(() => readConfig(env({ COGNATE_TRUSTED_PROXIES: `127.0.0.1,${bad}` }))).toThrow(
        `COGNATE_TRUSTED_PROXIES: "${bad}" is not an address or CIDR range`,
      );
    }
  });

  it("the web server's preload appends the socket address to the header a client sent", async () => {
    const preload = pathToFileURL(path.resolve("workers/forwarded-for-preload.mjs")).href;
    const server = `
      const http = require("node:http");
      const s = http.createServer((req, res) => res.end(String(req.headers["x-forwarded-for"])));
      s.listen(0, "127.0.0.1", async () => {
        const url = "http://127.0.0.1:" + s.address().port;
        const forged = await (await fetch(url, { headers: { "x-forwarded-for": "6.6.6.6" } })).text();
        const plain = await (await fetch(url)).text();
        console.log(JSON.stringify([forged, plain]));
        s.close();
      });`;
    const child = spawn(process.execPath, ["-e", server], {
      env: { ...process.env, NODE_OPTIONS: `--import=${preload}` },
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    await new Promise((r) => child.once("exit", r));
    const [forged, plain] = JSON.parse(out) as string[];
    expect(forged).toBe("6.6.6.6, 127.0.0.1");
    expect(plain).toBe("127.0.0.1");
    expect(clientAddress(request(forged))).toBe("127.0.0.1");
  });
});
