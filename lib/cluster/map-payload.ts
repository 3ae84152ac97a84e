/**
 * The binary form of a cluster map, compact enough for 100,000 points (1.6 MB instead of
 * several megabytes of JSON objects): little-endian
 * `[u32 count][i32 passageIds × count][i32 clusterIds × count][f32 xy × 2·count]`.
 */

/** The points of a map: `[count]` passages and clusters (−1: outlier), `[count, 2]` coordinates in [−1, 1]. */
export interface MapPayload {
  passageIds: Int32Array;
  clusterIds: Int32Array;
  xy: Float32Array;
}

/** Encodes a map for `application/octet-stream`. */
export function encodeMapPayload(map: MapPayload): ArrayBuffer {
  const count = map.passageIds.length;
  const buffer = new ArrayBuffer(4 + count * 16);
  new DataView(buffer).setUint32(0, count, true);
  new Int32Array(buffer, 4, count).set(map.passageIds);
  new Int32Array(buffer, 4 + count * 4, count).set(map.clusterIds);
  new Float32Array(buffer, 4 + count * 8, count * 2).set(map.xy);
  return buffer;
}

/**
 * Decodes {@link encodeMapPayload}'s bytes (this assumes a little-endian host, as every
 * browser and server Cognate runs on is).
 * @throws when the size does not match the count
 */
export function decodeMapPayload(buffer: ArrayBuffer): MapPayload {
  if (buffer.byteLength < 4) throw new Error("the map is empty or cut short; reload the page");
  const count = new DataView(buffer).getUint32(0, true);
  if (buffer.byteLength !== 4 + count * 16)
    throw new Error(`the map holds ${buffer.byteLength} bytes for ${count} points; reload the page`);
  return {
    passageIds: new Int32Array(buffer.slice(4, 4 + count * 4)),
    clusterIds: new Int32Array(buffer.slice(4 + count * 4, 4 + count * 8)),
    xy: new Float32Array(buffer.slice(4 + count * 8)),
  };
}
