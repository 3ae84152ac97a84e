import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { sendWebResponse, webRequest } from "@/lib/api/node-web-bridge";
import { negotiateEncoding } from "@/lib/api/response-encoding";
import { ApiError, readBodyCapped } from "@/lib/api/api-error";

let server: http.Server | undefined;

/** A real node:http server on loopback whose requests go through the bridge to `handler`. */
async function serve(handler: (request: Request) => Promise<Response>): Promise<string> {
  server = http.createServer((req, res) => {
    void handler(webRequest(req))
      .then((response) =>
        sendWebResponse(res, response, {
          extraHeaders: [{ key: "X-Extra", value: "1" }],
          acceptEncoding: req.headers["accept-encoding"],
        }),
      )
      .catch((err: unknown) => res.writeHead(599).end(String(err)));
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server!.close(resolve));
  server = undefined;
});

describe("node:http ↔ web Request/Response bridge", () => {
  it("hands the handler the method, URL, headers and body as sent", async () => {
    const base = await serve(async (request) =>
      Response.json({
        method: request.method,
        url: request.url,
        auth: request.headers.get("authorization"),
        type: request.headers.get("content-type"),
        body: await request.text(),
      }),
    );
    const body = JSON.stringify({ query: "näive ☃", k: 3 });
    const res = await fetch(`${base}/api/v1/search?x=1&y=2`, {
      method: "POST",
      headers: { authorization: "Bearer k", "content-type": "application/json" },
      body,
    });
    expect(await res.json()).toEqual({
      method: "POST",
      url: `${base}/api/v1/search?x=1&y=2`,
      auth: "Bearer k",
      type: "application/json",
      body,
    });
  });

  it("streams the body, so a handler can stop reading part way", async () => {
    const base = await serve(async (request) => {
      const reader = request.body!.getReader();
      const first = await reader.read();
      await reader.cancel();
      return Response.json({ gotSome: (first.value?.byteLength ?? 0) > 0 });
    });
    const res = await fetch(`${base}/big`, { method: "POST", body: "x".repeat(256 << 10) });
    expect(await res.json()).toEqual({ gotSome: true });
  });

  it("gives a Request (for handle()'s check) whose body reads once, as text, JSON, bytes or through a capped reader", async () => {
    const seen: unknown[] = [];
    const base = await serve(async (request) => {
      const kind = new URL(request.url).pathname;
      seen.push(request instanceof Request, request.bodyUsed, request.signal.aborted);
      let got: unknown;
      if (kind === "/json") got = await request.json();
      else if (kind === "/bytes") got = Buffer.from(await request.arrayBuffer()).toString("utf8");
      else if (kind === "/capped") {
        const tooLarge = () => new ApiError(413, "too large");
        got = await readBodyCapped(request, 1024, tooLarge).then(
          (bytes) => bytes.byteLength,
          (err: unknown) => (err instanceof ApiError ? err.status : String(err)),
        );
      }
      seen.push(request.bodyUsed);
      const again = await request.text().then(
        () => "read twice",
        (err: unknown) => (err instanceof TypeError ? "unusable" : String(err)),
      );
      return Response.json({ got, again });
    });
    const post = (path: string, body: string) => fetch(base + path, { method: "POST", body }).then((r) => r.json());
    expect(await post("/json", JSON.stringify({ a: [1, 2] }))).toEqual({ got: { a: [1, 2] }, again: "unusable" });
    expect(await post("/bytes", "héllo")).toEqual({ got: "héllo", again: "unusable" });
    expect(await post("/capped", "x".repeat(1000))).toEqual({ got: 1000, again: "unusable" });
    expect(await post("/capped", "x".repeat(200 << 10))).toEqual({ got: 413, again: "unusable" });
    expect(seen).toEqual(Array.from({ length: 4 }, () => [true, false, false, true]).flat());
  });

  it("reads a body sent in several chunks, and rejects (never hangs) when the client leaves before its end", async () => {
    const outcomes: string[] = [];
    let settle!: () => void;
    const seenAll = new Promise<void>((resolve) => (settle = resolve));
    const base = await serve(async (request) => {
      const outcome = await request.text().then(
        (text) => `read ${text.length}`,
        (err: unknown) => `rejected: ${err instanceof Error ? err.message : String(err)}`,
      );
      outcomes.push(outcome);
      if (outcomes.length === 2) settle();
      return Response.json({ outcome });
    });
    const { port } = new URL(base);
    const send = (chunks: string[], end: boolean, contentLength: number) =>
      new Promise<void>((resolve) => {
        const socket = net.connect(Number(port), "127.0.0.1", async () => {
          socket.write(`POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: ${contentLength}\r\n\r\n`);
          for (const chunk of chunks) {
            socket.write(chunk);
            await new Promise((r) => setTimeout(r, 20));
          }
          if (end) socket.once("data", () => socket.end());
          else socket.destroy();
        });
        socket.on("close", () => resolve());
        socket.on("error", () => {});
      });
    await send(["abc", "def", "ghi"], true, 9);
    await send(["abc"], false, 1000);
    await seenAll;
    expect(outcomes[0]).toBe("read 9");
    expect(outcomes[1]).toMatch(/^rejected: /);
  });

  it("writes the status, every header (each Set-Cookie apart), extra headers and the body with its length", async () => {
    const base = await serve(async () => {
      const headers = new Headers({ "content-type": "application/json", "retry-after": "7", "x-extra": "mine" });
      headers.append("set-cookie", "a=1; Path=/");
      headers.append("set-cookie", "b=2; Path=/");
      return new Response(JSON.stringify({ error: { message: "slow down" } }), { status: 429, headers });
    });
    const res = await fetch(`${base}/api/v1/search`, { headers: { "accept-encoding": "identity" } });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
    expect(res.headers.get("x-extra")).toBe("mine"); // the response's own header wins over an extra one
    expect(res.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    const text = await res.text();
    expect(res.headers.get("content-length")).toBe(String(Buffer.byteLength(text)));
    expect(JSON.parse(text)).toEqual({ error: { message: "slow down" } });
  });

  it("adds extra headers the response does not set, and sends an empty body for a bodiless response", async () => {
    const base = await serve(async () => new Response(null, { status: 204 }));
    const res = await fetch(`${base}/x`);
    expect(res.status).toBe(204);
    expect(res.headers.get("x-extra")).toBe("1");
    expect(await res.text()).toBe("");
  });

  it("compresses JSON as the client allows, whatever its size, as Next.js does, and always says Vary: Accept-Encoding", async () => {
    const big = { results: Array.from({ length: 100 }, (_, i) => ({ passageId: i, text: `passage ${i}` })) };
    const base = await serve(async (request) =>
      Response.json(new URL(request.url).pathname === "/big" ? big : { ok: 1 }),
    );
    const gz = await fetch(`${base}/big`, { headers: { "accept-encoding": "gzip, deflate" } });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(gz.headers.get("vary")).toBe("Accept-Encoding");
    expect(await gz.json()).toEqual(big); // fetch decodes it
    const plain = await fetch(`${base}/big`, { headers: { "accept-encoding": "identity" } });
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(await plain.json()).toEqual(big);
    const small = await fetch(`${base}/small`, { headers: { "accept-encoding": "gzip" } });
    expect(small.headers.get("content-encoding")).toBe("gzip");
    expect(await small.json()).toEqual({ ok: 1 });
    expect(small.headers.get("vary")).toBe("Accept-Encoding");
  });
});

describe("negotiateEncoding (the compression middleware's choice)", () => {
  it("prefers gzip, then deflate, and honours q-values and identity", () => {
    const cases: [string | undefined, string | undefined][] = [
      [undefined, undefined],
      ["", undefined],
      ["gzip", "gzip"],
      ["deflate", "deflate"],
      ["gzip, deflate, br", "gzip"],
      ["deflate, gzip;q=0.5", "gzip"],
      ["gzip;q=0", undefined],
      ["gzip;q=0.5, identity", undefined],
      ["br", undefined],
      ["*", "gzip"],
    ];
    for (const [header, expected] of cases) expect(negotiateEncoding(header), String(header)).toBe(expected);
  });
});
