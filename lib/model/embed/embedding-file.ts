import { readFileSync, renameSync, writeFileSync } from "node:fs";

// 16-byte header: magic, format version, row count, dimension (all little-endian uint32),
// so that the float32 payload stays 4-byte aligned and a reader can map it directly.
const MAGIC = 0x424d4543; // "CEMB" read as little-endian bytes
const VERSION = 1;
const HEADER = 16;

/** Embeddings read back from a file: `vectors` is `[count, dim]` row-major. */
export interface EmbeddingMatrix {
  vectors: Float32Array;
  count: number;
  dim: number;
}

/**
 * Writes `[count, dim]` float32 vectors (row-major) to `path` atomically: a temporary file
 * beside it is renamed into place, so readers never see half a file.
 */
export function writeEmbeddings(path: string, vectors: Float32Array, dim: number): void {
  if (!Number.isInteger(dim) || dim <= 0) throw new Error(`embedding dimension ${dim} must be a positive integer`);
  if (vectors.length % dim !== 0)
    throw new Error(`${vectors.length} values are not a whole number of ${dim}-dimensional vectors`);
  const header = Buffer.alloc(HEADER);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(VERSION, 4);
  header.writeUInt32LE(vectors.length / dim, 8);
  header.writeUInt32LE(dim, 12);
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, Buffer.concat([header, Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength)]));
  renameSync(tmp, path);
}

/** Reads a file written by {@link writeEmbeddings}, checking its header and size. */
export function readEmbeddings(path: string): EmbeddingMatrix {
  const buf = readFileSync(path);
  if (buf.length < HEADER || buf.readUInt32LE(0) !== MAGIC)
    throw new Error(`${path} is not a Cognate embeddings file: embed the corpus again`);
  const version = buf.readUInt32LE(4);
  if (version !== VERSION)
    throw new Error(`${path} has embeddings format ${version}; this Cognate reads ${VERSION}: embed the corpus again`);
  const count = buf.readUInt32LE(8);
  const dim = buf.readUInt32LE(12);
  if (buf.length !== HEADER + count * dim * 4)
    throw new Error(`${path} is truncated: ${buf.length} bytes for ${count}×${dim} vectors; embed the corpus again`);
  // Copy into a fresh, aligned buffer: Buffer pools may start at odd offsets.
  const vectors = new Float32Array(count * dim);
  new Uint8Array(vectors.buffer).set(buf.subarray(HEADER));
  return { vectors, count, dim };
}
