import { afterAll, describe, expect, it } from "vitest";
import { QuantizedVectors } from "@/lib/index/quantized-vectors";
import { ScanPool } from "@/lib/index/scan-pool";
import { structuredUnitVectors } from "@/lib/index/structured-unit-vectors";
import { VectorIndex } from "@/lib/index/vector-index";

const dim = 128;
const n = 30_000;
const pool = new ScanPool(2);
afterAll(() => pool.close());

const vectors = structuredUnitVectors(n, dim, { seed: 5 });
const queries = structuredUnitVectors(12, dim, { seed: 6 });
const ids = Array.from({ length: n }, (_, i) => i + 1);
// A large int8 index, built without the graph's cost: a low efConstruction and M suffice here.
const big = VectorIndex.create({ dim, maxElements: n, M: 4, efConstruction: 8, mode: "int8", candidates: 40 });
big.add(ids, vectors);
const query = (q: number) => queries.subarray(q * dim, (q + 1) * dim);

describe("quantised scans in worker threads", () => {
  it("give the same answers as the scan on the event loop, filters included", async () => {
    for (const mode of ["int8", "binary"] as const) {
      for (let q = 0; q < 3; q++) {
        const options = { mode, candidates: 64, filter: (id: number) => id % 3 !== 0 };
        expect(await big.searchAsync(query(q), 10, { ...options, pool })).toEqual(big.search(query(q), 10, options));
      }
    }
  });

  it("leave the event loop free: a fast request started after a slow search finishes first", async () => {
    // 400,000 codes (51 MB): a scan long enough that no event-loop noise can outlast it.
    const rows = 400_000;
    const slowCodes = QuantizedVectors.encode(
      "int8",
      dim,
      Uint32Array.from({ length: rows }, (_, i) => i),
      (id) => vectors.subarray((id % n) * dim, ((id % n) + 1) * dim),
    );
    await slowCodes.candidatesAsync(query(0), 10, pool); // the workers instantiate the kernel on this memory
    const small = VectorIndex.create({ dim, maxElements: 100 });
    small.add(ids.slice(0, 100), vectors.subarray(0, 100 * dim));
    const order: string[] = [];
    // Three scans in a row: the fast request needs one turn of the event loop, so only a loop held for
    // all three (a synchronous scan) puts it last, however long this process waits for a core.
    const slow = (async () => {
      for (let q = 1; q <= 3; q++) await slowCodes.candidatesAsync(query(q), 10, pool);
      order.push("slow search");
    })();
    const fast = new Promise<void>((resolve) =>
      setImmediate(() => {
        small.search(query(1), 5);
        order.push("fast request");
        resolve();
      }),
    );
    await Promise.all([slow, fast]);
    expect(order).toEqual(["fast request", "slow search"]);
  });

  it("answer many concurrent queries correctly (more than the memory's query slots)", async () => {
    const all = await Promise.all(Array.from({ length: 12 }, (_, q) => big.searchAsync(query(q), 10, { pool })));
    all.forEach((hits, q) => expect(hits).toEqual(big.search(query(q), 10)));
  });

  it("answer synchronously in the graph and exact modes", async () => {
    const small = VectorIndex.create({ dim, maxElements: 200 });
    small.add(ids.slice(0, 200), vectors.subarray(0, 200 * dim));
    expect(await small.searchAsync(query(2), 5, { pool })).toEqual(small.search(query(2), 5));
    expect(await small.searchAsync(query(2), 5, { pool, exact: true })).toEqual(
      small.search(query(2), 5, { exact: true }),
    );
  });
});
