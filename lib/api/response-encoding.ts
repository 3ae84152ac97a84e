import zlib from "node:zlib";

/**
 * The encoding to answer with for an `Accept-Encoding` header, chosen as Next.js's `compression`
 * middleware chooses: the highest weighted of gzip, deflate and identity (ties in that order;
 * identity, unless named, weighs as the lowest weight named), and gzip rather than deflate when
 * both are acceptable. Undefined means no compression.
 */
export function negotiateEncoding(acceptEncoding: string | undefined): "gzip" | "deflate" | undefined {
  if (!acceptEncoding) return undefined;
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const weight = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    q.set(name, weight === undefined ? 1 : Number(weight));
  }
  const weight = (name: string) => q.get(name) ?? q.get("*") ?? 0;
  const identity = q.get("identity") ?? Math.min(1, ...q.values());
  const best = Math.max(weight("gzip"), weight("deflate"));
  if (best <= 0 || best < identity) return undefined;
  return weight("gzip") > 0 ? "gzip" : "deflate";
}

/** `body` compressed with `encoding` (zlib's default level, as the middleware). */
export function encodeBody(body: Buffer, encoding: "gzip" | "deflate"): Buffer {
  return encoding === "gzip" ? zlib.gzipSync(body) : zlib.deflateSync(body);
}
