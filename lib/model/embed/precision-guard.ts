import {
  embeddingAgreement,
  meetsBounds,
  type AgreementBounds,
  type EmbeddingAgreement,
} from "@/lib/model/embed/embedding-agreement";
import type { EmbeddingPrecision } from "@/lib/model/embed/embed-precision";

/** What the guard needs of an embedder: embed texts, and be released when not chosen. */
export interface GuardedEmbedder {
  readonly dim: number;
  embed(texts: string[]): Promise<Float32Array>;
  dispose(): Promise<void>;
}

/** The embedder that serves, with the agreement measured when the quantised graph was checked. */
export interface GuardedChoice<E> {
  embedder: E;
  precision: EmbeddingPrecision;
  agreement?: EmbeddingAgreement;
}

/** Inputs of {@link chooseQuantizedIfFaithful}. */
export interface GuardOptions {
  /** Texts both graphs embed; the quantised one must agree with fp32 on them. */
  texts: readonly string[];
  bounds: AgreementBounds;
  /** Told which graph serves and why (one line). */
  log: (line: string) => void;
  /** Names the model in log lines. */
  what: string;
}

/**
 * Opens the int8 graph and the exact fp32 one, embeds `texts` with both, and keeps int8 only
 * where it agrees with fp32 within `bounds`; otherwise, or when the int8 graph cannot be opened,
 * fp32 serves and the reason is logged. The check runs on this machine because int8 kernels
 * differ between CPUs (VNNI, AVX2's 16-bit saturation, ARM dot products): agreement measured
 * elsewhere would not carry over.
 */
export async function chooseQuantizedIfFaithful<E extends GuardedEmbedder>(
  open: (precision: EmbeddingPrecision) => Promise<E>,
  options: GuardOptions,
): Promise<GuardedChoice<E>> {
  const { texts, bounds, log, what } = options;
  let int8: E;
  try {
    int8 = await open("int8");
  } catch (err) {
    log(`${what}: serving the fp32 graph; the int8 graph could not be opened (${(err as Error).message})`);
    return { embedder: await open("fp32"), precision: "fp32" };
  }
  let fp32: E;
  try {
    fp32 = await open("fp32");
  } catch (err) {
    await int8.dispose();
    throw err;
  }
  try {
    const agreement = embeddingAgreement(await fp32.embed([...texts]), await int8.embed([...texts]), fp32.dim);
    const verdict = meetsBounds(agreement, bounds);
    const [keep, drop] = verdict.ok ? [int8, fp32] : [fp32, int8];
    await drop.dispose();
    const precision = verdict.ok ? "int8" : "fp32";
    log(
      verdict.ok
        ? `${what}: serving the int8 graph (agrees with fp32 on ${texts.length} texts: ${verdict.reason})`
        : `${what}: serving the fp32 graph; int8 ${verdict.reason} on ${texts.length} texts`,
    );
    return { embedder: keep, precision, agreement };
  } catch (err) {
    await Promise.all([int8.dispose(), fp32.dispose()]);
    throw err;
  }
}
