import fs from "node:fs/promises";

/** The fields of an hnswlib index file header that tell whether it fits its manifest. */
export interface HnswFileHeader {
  /** Elements in the file, deleted ones included. */
  elementCount: number;
  /** Bytes per stored vector (4 × dim for float32). */
  vectorBytes: number;
  /** Graph out-degree M the file was built with. */
  M: number;
}

/** Header size in bytes: six size_t, two 32-bit ints, three size_t, a double, a size_t (hnswalg.h saveIndex). */
const HEADER_BYTES = 6 * 8 + 2 * 4 + 3 * 8 + 8 + 8;

/**
 * Reads the header of an hnswlib index file without loading it. hnswlib trusts these numbers
 * (a wrong dimension would make it read past its buffers), so they are checked in JS first.
 * Returns undefined when the file is too short to hold a header.
 */
export async function readHnswFileHeader(file: string): Promise<HnswFileHeader | undefined> {
  const handle = await fs.open(file, "r");
  try {
    const buf = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await handle.read(buf, 0, HEADER_BYTES, 0);
    if (bytesRead < HEADER_BYTES) return undefined;
    const size = (offset: number) => Number(buf.readBigUInt64LE(offset));
    const labelOffset = size(32);
    const dataOffset = size(40);
    return { elementCount: size(16), vectorBytes: labelOffset - dataOffset, M: size(6 * 8 + 2 * 4 + 2 * 8) };
  } finally {
    await handle.close();
  }
}
