import { readFileSync, writeFileSync, renameSync } from "node:fs";

/** One named float32 tensor: row-major `data` of the given `shape`. */
export interface NamedTensor {
  shape: number[];
  data: Float32Array;
}

/** Parameters by their Hugging Face names (`encoder.layer.0.attention.self.query.weight`, ...). */
export type Weights = Map<string, NamedTensor>;

const DTYPE_BYTES: Record<string, number> = { F32: 4, F16: 2, BF16: 2 };

/** Parses a `.safetensors` buffer. F16 and BF16 tensors are widened to float32. */
export function parseSafetensors(buf: Uint8Array, source = "model.safetensors"): Weights {
  if (buf.byteLength < 8) throw new Error(`${source} is truncated (${buf.byteLength} bytes): download the model again`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const headerLen = Number(view.getBigUint64(0, true));
  if (8 + headerLen > buf.byteLength)
    throw new Error(
      `${source} is truncated: its header says ${headerLen} bytes, the file has ${buf.byteLength}; download the model again`,
    );
  let header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  try {
    header = JSON.parse(new TextDecoder().decode(buf.subarray(8, 8 + headerLen)));
  } catch {
    throw new Error(`${source} has a corrupt header: it is not a safetensors file`);
  }
  const base = 8 + headerLen;
  const weights: Weights = new Map();
  for (const [name, info] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    const width = DTYPE_BYTES[info.dtype];
    if (!width)
      throw new Error(`${source}: tensor ${name} has dtype ${info.dtype}; only F32, F16 and BF16 are supported`);
    const [start, end] = info.data_offsets;
    const count = info.shape.reduce((a, b) => a * b, 1);
    if (end - start !== count * width)
      throw new Error(`${source}: tensor ${name} has ${end - start} bytes for shape [${info.shape}]`);
    if (base + end > buf.byteLength)
      throw new Error(`${source} is truncated inside tensor ${name}: download the model again`);
    weights.set(name, { shape: info.shape, data: decode(buf.subarray(base + start, base + end), info.dtype, count) });
  }
  return weights;
}

function decode(bytes: Uint8Array, dtype: string, count: number): Float32Array {
  const out = new Float32Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dtype === "F32") {
    for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
  } else if (dtype === "BF16") {
    const u32 = new Uint32Array(1);
    const f32 = new Float32Array(u32.buffer);
    for (let i = 0; i < count; i++) {
      u32[0] = view.getUint16(i * 2, true) << 16;
      out[i] = f32[0];
    }
  } else {
    for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
  }
  return out;
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** Serialises float32 weights as safetensors (keys sorted, 8-byte aligned header). */
export function serializeSafetensors(weights: Weights, metadata: Record<string, string> = { format: "pt" }): Buffer {
  const names = [...weights.keys()].sort();
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const name of names) {
    const t = weights.get(name)!;
    header[name] = { dtype: "F32", shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - (json.length % 8)) % 8);
  const headerBytes = Buffer.from(json, "utf8");
  const out = Buffer.alloc(8 + headerBytes.length + offset);
  out.writeBigUInt64LE(BigInt(headerBytes.length), 0);
  headerBytes.copy(out, 8);
  let pos = 8 + headerBytes.length;
  for (const name of names) {
    const t = weights.get(name)!;
    Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).copy(out, pos);
    pos += t.data.byteLength;
  }
  return out;
}

/** Reads a `.safetensors` file. */
export function readSafetensors(path: string): Weights {
  return parseSafetensors(readFileSync(path), path);
}

/** Writes a `.safetensors` file atomically (temporary file, then rename). */
export function writeSafetensors(path: string, weights: Weights): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, serializeSafetensors(weights));
  renameSync(tmp, path);
}
