/**
 * Two scan kernels in WebAssembly SIMD, written out as bytes (there is no C-to-WASM compiler
 * here, and the loops are small): for each of `n` rows of `bytes` bytes (a multiple of 16)
 * starting at `codes`, one i32 score of the row against the query at `query`, stored at
 * `out + 4·row`.
 *
 * - `scanInt8`: Σ row[j] · query[j] over signed bytes (int8 scalar-quantised vectors).
 * - `scanBits`: popcount(row XOR query), the Hamming distance of binary codes (lower = closer).
 *
 * The memory is imported and may be shared, so worker threads can scan the same codes.
 * V8 runs these with SSE/AVX: 16 dimensions per instruction against 4 for a JS float loop.
 */

const SIMD = 0xfd;
const I32 = 0x7f;
const V128 = 0x7b;
const op = {
  block: 0x02,
  loop: 0x03,
  brIf: 0x0d,
  end: 0x0b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32LtU: 0x49,
  i32Add: 0x6a,
  i32Store: 0x36,
  i32Sub: 0x6b,
};
const simd = {
  load: [SIMD, 0x00, 0x00, 0x00], // v128.load align=1 offset=0
  zero: [SIMD, 0x0c, ...new Array<number>(16).fill(0)], // v128.const 0
  extractLane: (lane: number) => [SIMD, 0x1b, lane], // i32x4.extract_lane
  xor: [SIMD, 0x51],
  popcnt: [SIMD, 0x62], // i8x16.popcnt
  extaddI8U: [SIMD, 0x7d], // i16x8.extadd_pairwise_i8x16_u
  extaddI16U: [SIMD, 0x7f], // i32x4.extadd_pairwise_i16x8_u
  extendLowI8S: [SIMD, 0x87, 0x01], // i16x8.extend_low_i8x16_s
  extendHighI8S: [SIMD, 0x88, 0x01], // i16x8.extend_high_i8x16_s
  dotI16S: [SIMD, 0xba, 0x01], // i32x4.dot_i16x8_s
  add: [SIMD, 0xae, 0x01], // i32x4.add
};

/** Parameters: 0 codes, 1 n, 2 bytes, 3 query, 4 out. Locals: 5 row, 6 j, 7 p (i32); 8 acc, 9 a, 10 b (v128). */
const [CODES, N, BYTES, QUERY, OUT, ROW, J, P, ACC, A, B] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** `acc += f(a, b)` for the int8 dot product of 16 bytes. */
const int8Step = [
  op.localGet,
  ACC,
  op.localGet,
  A,
  ...simd.extendLowI8S,
  op.localGet,
  B,
  ...simd.extendLowI8S,
  ...simd.dotI16S,
  ...simd.add,
  op.localGet,
  A,
  ...simd.extendHighI8S,
  op.localGet,
  B,
  ...simd.extendHighI8S,
  ...simd.dotI16S,
  ...simd.add,
  op.localSet,
  ACC,
];

/** `acc += popcount(a XOR b)` per 32-bit lane. */
const bitsStep = [
  op.localGet,
  ACC,
  op.localGet,
  A,
  op.localGet,
  B,
  ...simd.xor,
  ...simd.popcnt,
  ...simd.extaddI8U,
  ...simd.extaddI16U,
  ...simd.add,
  op.localSet,
  ACC,
];

/** The loop over rows and, inside it, over 16-byte blocks, with `step` combining a and b into acc. */
function scanBody(step: number[]): number[] {
  const load = (base: number) => [op.localGet, base, op.localGet, J, op.i32Add, ...simd.load];
  const lanes = [0, 1, 2, 3].flatMap((lane, i) => [
    op.localGet,
    ACC,
    ...simd.extractLane(lane),
    ...(i ? [op.i32Add] : []),
  ]);
  const code = [
    op.localGet,
    CODES,
    op.localSet,
    P,
    op.block,
    0x40,
    op.localGet,
    N,
    op.i32Eqz,
    op.brIf,
    0,
    op.loop,
    0x40,
    ...simd.zero,
    op.localSet,
    ACC,
    op.i32Const,
    0,
    op.localSet,
    J,
    op.loop,
    0x40,
    ...load(P),
    op.localSet,
    A,
    ...load(QUERY),
    op.localSet,
    B,
    ...step,
    op.localGet,
    J,
    op.i32Const,
    16,
    op.i32Add,
    op.localTee,
    J,
    op.localGet,
    BYTES,
    op.i32LtU,
    op.brIf,
    0,
    op.end,
    op.localGet,
    OUT,
    ...lanes,
    op.i32Store,
    0x02,
    0x00,
    op.localGet,
    OUT,
    op.i32Const,
    4,
    op.i32Add,
    op.localSet,
    OUT,
    op.localGet,
    P,
    op.localGet,
    BYTES,
    op.i32Add,
    op.localSet,
    P,
    op.localGet,
    ROW,
    op.i32Const,
    1,
    op.i32Add,
    op.localTee,
    ROW,
    op.localGet,
    N,
    op.i32LtU,
    op.brIf,
    0,
    op.end,
    op.end,
    op.end,
  ];
  const locals = [2, 3, I32, 3, V128];
  return withLength([...locals, ...code]);
}

function leb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return out;
}

const withLength = (bytes: number[]) => [...leb(bytes.length), ...bytes];
const section = (id: number, body: number[]) => [id, ...withLength(body)];
const name = (s: string) => withLength([...Buffer.from(s, "utf8")]);

/** The module's bytes: imports `env.memory` (shared, up to 4 GiB), exports `scanInt8` and `scanBits`. */
export function scanKernelBytes(): Uint8Array<ArrayBuffer> {
  const type = section(1, [1, 0x60, 5, I32, I32, I32, I32, I32, 0]);
  const imports = section(2, [1, ...name("env"), ...name("memory"), 0x02, 0x03, ...leb(1), ...leb(65536)]);
  const functions = section(3, [2, 0, 0]);
  const exports = section(7, [2, ...name("scanInt8"), 0x00, 0, ...name("scanBits"), 0x00, 1]);
  const code = section(10, [2, ...scanBody(int8Step), ...scanBody(bitsStep)]);
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...type, ...imports, ...functions, ...exports, ...code]);
}

/** The kernels bound to one memory. */
export interface ScanKernel {
  memory: WebAssembly.Memory;
  /** Scores `n` rows of `bytes` bytes at `codes` against `query` into i32s at `out` (all byte offsets). */
  scanInt8(codes: number, n: number, bytes: number, query: number, out: number): void;
  scanBits(codes: number, n: number, bytes: number, query: number, out: number): void;
}

let compiled: WebAssembly.Module | undefined;

/** The kernels over `memory` (compiled once per thread; instantiating is cheap). */
export function scanKernel(memory: WebAssembly.Memory): ScanKernel {
  compiled ??= new WebAssembly.Module(scanKernelBytes());
  const instance = new WebAssembly.Instance(compiled, { env: { memory } });
  const { scanInt8, scanBits } = instance.exports as unknown as Omit<ScanKernel, "memory">;
  return { memory, scanInt8, scanBits };
}

/** A shared memory of at least `bytes` bytes, for {@link scanKernel}. */
export function scanMemory(bytes: number): WebAssembly.Memory {
  const pages = Math.max(1, Math.ceil(bytes / 65536));
  if (pages > 65536)
    throw new Error(
      `the quantised codes need ${bytes} bytes, more than WebAssembly's 4 GiB; use mode hnsw for an index this large`,
    );
  return new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
}
