import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCall } from "@/components/auth/api-call";
import { sendJson } from "@/components/clusters/post-json";
import { readPreview } from "@/components/upload/read-preview";
import { errorMessage } from "@/components/upload/xhr-upload";
import type { BrowserFormat } from "@/lib/ingest/formats/upload-format";
import { translator } from "@/tests/unit/components/translator";

const EN = translator("en", "Requests");
const ZH = translator("zh-CN", "Requests");

/** A server that answers each path with a fixed status and no JSON body, like a proxy's error page. */
let server: http.Server;
let base = "";
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === "/busy") res.writeHead(429, { "retry-after": "7" }).end("slow down");
    else if (req.url === "/busy-soon") res.writeHead(429).end("slow down");
    else if (req.url === "/refused")
      res
        .writeHead(400, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { code: "invalid", message: "name: too long" } }));
    else res.writeHead(502).end("<html>bad gateway</html>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("errors the browser builds when the server gives no message", () => {
  it("keep their English wording", async () => {
    expect(await apiCall(`${base}/gateway`, "POST", {}, EN)).toEqual({
      ok: false,
      message: "The server answered 502.",
      fields: {},
    });
    expect(await apiCall(`${base}/busy`, "POST", {}, EN)).toMatchObject({
      message: "Too many attempts; try again in 7 seconds.",
    });
    expect(await apiCall(`${base}/busy-soon`, "POST", {}, EN)).toMatchObject({
      message: "Too many attempts; try again in a few seconds.",
    });
    await expect(sendJson(`${base}/gateway`, "POST", {}, EN)).rejects.toThrow(/^the server answered 502$/);
    expect(errorMessage({ status: 413, body: null }, EN)).toBe(
      "the file is too large for the server; split it into smaller files",
    );
    expect(errorMessage({ status: 500, body: null }, EN)).toBe(
      "the server answered with status 500; see the server log",
    );
  });

  it("are said in Simplified Chinese for a Chinese reader", async () => {
    expect(await apiCall(`${base}/gateway`, "POST", {}, ZH)).toMatchObject({ message: "服务器返回了 502。" });
    expect(await apiCall(`${base}/busy`, "POST", {}, ZH)).toMatchObject({ message: "尝试次数过多；请在 7 秒后重试。" });
    await expect(sendJson(`${base}/gateway`, "PATCH", {}, ZH)).rejects.toThrow(/^服务器返回了 502$/);
    expect(errorMessage({ status: 500, body: null }, ZH)).toBe("服务器返回了状态 500；请查看服务器日志");
    expect(errorMessage({ status: 413, body: null }, ZH)).toBe("文件超出了服务器的限制；请拆分成更小的文件");
  });

  it("never replace the server's own message, which stays English like the API", async () => {
    expect(await apiCall(`${base}/refused`, "POST", {}, ZH)).toMatchObject({ message: "name: too long" });
    await expect(sendJson(`${base}/refused`, "POST", {}, ZH)).rejects.toThrow(/^name: too long$/);
    expect(errorMessage({ status: 400, body: { error: { message: "name: too long" } } }, ZH)).toBe("name: too long");
  });

  it("say that the server cannot be reached", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await apiCall(`http://127.0.0.1:${port}/x`, "POST", {}, ZH)).toEqual({
      ok: false,
      message: "无法连接服务器；请检查网络连接后重试。",
      fields: {},
    });
  });
});

describe("the upload preview", () => {
  const FORMATS: BrowserFormat[] = [{ id: "csv", extensions: [".csv"], tabular: true }];

  it("says an empty file is empty in the reader's language", async () => {
    const empty = new File(["\uFEFF  \n"], "notes.csv");
    expect(await readPreview(empty, FORMATS, translator("en", "Upload"))).toEqual({
      kind: "unreadable",
      format: "csv",
      message: "notes.csv: the file is empty",
    });
    expect(await readPreview(empty, FORMATS, translator("zh-CN", "Upload"))).toMatchObject({
      message: "notes.csv：文件是空的",
    });
  });
});
