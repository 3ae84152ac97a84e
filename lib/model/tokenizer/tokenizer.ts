import { BertTokenizer } from "@huggingface/transformers";
import { readTokenizerSources } from "@/lib/model/tokenizer/tokenizer-files";

/** A padded batch of token ids, row-major `[batch, seqLen]`, as the encoder's int64 inputs expect. */
export interface EncodedBatch {
  /** `[batch, seqLen]` token ids, `[PAD]` after each row's end. */
  inputIds: BigInt64Array;
  /** `[batch, seqLen]` 1 for real tokens, 0 for padding. */
  attentionMask: BigInt64Array;
  /** `[batch, seqLen]` segment ids: all 0 for single sentences. */
  tokenTypeIds: BigInt64Array;
  batch: number;
  seqLen: number;
}

/** Options of {@link Tokenizer.encode}. */
export interface EncodeOptions {
  /** Longest row in tokens, specials included; longer texts lose their tail but keep `[SEP]`. Default 128. */
  maxLength?: number;
  /** Round the padded length up to a multiple of this (kernels like lengths that are multiples of 8). */
  padToMultipleOf?: number;
}

/**
 * A BERT WordPiece tokenizer backed by transformers.js: ids are those of the reference
 * Hugging Face tokenizer for the same `tokenizer.json`.
 */
export class Tokenizer {
  /** Ids that the post-processor puts before (`[CLS]`) and after (`[SEP]`) a single sentence. */
  private readonly prefix: number[];
  private readonly suffix: number[];
  readonly padId: number;

  constructor(private readonly inner: BertTokenizer) {
    this.padId = inner.pad_token_id ?? 0;
    // Learn the template once from a probe, so any single-sentence post-processor works.
    const bare = inner.encode("a", { add_special_tokens: false });
    const full = inner.encode("a", { add_special_tokens: true });
    const at = findSubarray(full, bare);
    if (bare.length === 0 || at < 0)
      throw new Error("the tokenizer's post-processor drops the text: this is not a BERT-style tokenizer");
    this.prefix = full.slice(0, at);
    this.suffix = full.slice(at + bare.length);
  }

  /** Size of the vocabulary, added tokens included. */
  get vocabSize(): number {
    return this.inner.get_vocab().size;
  }

  /** WordPiece tokens of one text, without special tokens: `"Héllo!"` → `["hello", "!"]`. */
  tokenize(text: string): string[] {
    return this.inner.tokenize(text);
  }

  /** Ids of one text with `[CLS]`/`[SEP]`, truncated to `maxLength` while keeping `[SEP]`. */
  ids(text: string, maxLength = 128): number[] {
    const room = maxLength - this.prefix.length - this.suffix.length;
    if (room < 0)
      throw new Error(
        `maxLength ${maxLength} leaves no room for the special tokens: use at least ${this.prefix.length + this.suffix.length}`,
      );
    const body = this.inner.encode(text, { add_special_tokens: false });
    return [...this.prefix, ...(body.length > room ? body.slice(0, room) : body), ...this.suffix];
  }

  /** Tokenizes, truncates and pads texts to the longest row of the batch. */
  encode(texts: string[], { maxLength = 128, padToMultipleOf }: EncodeOptions = {}): EncodedBatch {
    return this.pad(
      texts.map((t) => this.ids(t, maxLength)),
      padToMultipleOf,
    );
  }

  /** Pads id rows (from {@link ids}) into a batch; `padToMultipleOf` rounds the length up. */
  pad(rows: number[][], padToMultipleOf?: number): EncodedBatch {
    let seqLen = rows.reduce((m, r) => Math.max(m, r.length), 0);
    if (padToMultipleOf && padToMultipleOf > 1) seqLen = Math.ceil(seqLen / padToMultipleOf) * padToMultipleOf;
    const n = rows.length * seqLen;
    const inputIds = new BigInt64Array(n).fill(BigInt(this.padId));
    const attentionMask = new BigInt64Array(n);
    rows.forEach((row, b) => {
      const base = b * seqLen;
      for (let i = 0; i < row.length; i++) {
        inputIds[base + i] = BigInt(row[i]);
        attentionMask[base + i] = 1n;
      }
    });
    return { inputIds, attentionMask, tokenTypeIds: new BigInt64Array(n), batch: rows.length, seqLen };
  }
}

function findSubarray(haystack: number[], needle: number[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/**
 * Loads the tokenizer of a model folder (`tokenizer.json`, or `vocab.txt` alone) without
 * touching the network.
 */
export async function loadTokenizer(dir: string): Promise<Tokenizer> {
  const { tokenizerJson, tokenizerConfig } = readTokenizerSources(dir);
  return new Tokenizer(new BertTokenizer(tokenizerJson, tokenizerConfig));
}
