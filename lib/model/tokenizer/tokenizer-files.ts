import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** The five BERT special tokens, in the order that a Cognate vocabulary puts them first. */
export const BERT_SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] as const;

/** `special_tokens_map.json` of a BERT tokenizer. */
export const SPECIAL_TOKENS_MAP = {
  cls_token: "[CLS]",
  mask_token: "[MASK]",
  pad_token: "[PAD]",
  sep_token: "[SEP]",
  unk_token: "[UNK]",
} as const;

/** Options that shape the files of a BERT WordPiece tokenizer. */
export interface TokenizerFileOptions {
  /** Lowercase and strip accents before WordPiece (uncased models); default true. */
  lowercase?: boolean;
  /** Longest input in tokens that the model accepts; default 512. */
  modelMaxLength?: number;
}

/** The parsed pair that transformers.js tokenizers are constructed from. */
export interface TokenizerSources {
  tokenizerJson: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown>;
}

/** Reads `vocab.txt`: one token a line, the id is the line number. */
export function readVocab(file: string): string[] {
  const lines = readFileSync(file, "utf8").split(/\r?\n/);
  // A final newline is a terminator, not an empty token.
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

function idOf(vocab: Map<string, number>, token: string): number {
  const id = vocab.get(token);
  if (id === undefined)
    throw new Error(`the vocabulary has no ${token} token: a BERT vocabulary needs ${BERT_SPECIAL_TOKENS.join(", ")}`);
  return id;
}

/**
 * The standard BERT `tokenizer.json` (as Hugging Face `tokenizers` writes it for bert-base-uncased):
 * BertNormalizer, BertPreTokenizer, WordPiece with `##` continuations, `[CLS] $A [SEP]` template.
 */
export function bertTokenizerJson(
  vocab: string[],
  { lowercase = true }: TokenizerFileOptions = {},
): Record<string, unknown> {
  const ids = new Map<string, number>();
  vocab.forEach((token, i) => {
    if (!ids.has(token)) ids.set(token, i);
  });
  const cls = idOf(ids, "[CLS]");
  const sep = idOf(ids, "[SEP]");
  idOf(ids, "[UNK]");
  const added = BERT_SPECIAL_TOKENS.filter((t) => ids.has(t)).map((content) => ({
    id: ids.get(content)!,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  }));
  const special = (id: string, typeId: number) => ({ SpecialToken: { id, type_id: typeId } });
  const sequence = (id: string, typeId: number) => ({ Sequence: { id, type_id: typeId } });
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: {
      type: "BertNormalizer",
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase,
    },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: {
      type: "TemplateProcessing",
      single: [special("[CLS]", 0), sequence("A", 0), special("[SEP]", 0)],
      pair: [special("[CLS]", 0), sequence("A", 0), special("[SEP]", 0), sequence("B", 1), special("[SEP]", 1)],
      special_tokens: {
        "[CLS]": { id: "[CLS]", ids: [cls], tokens: ["[CLS]"] },
        "[SEP]": { id: "[SEP]", ids: [sep], tokens: ["[SEP]"] },
      },
    },
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: {
      type: "WordPiece",
      unk_token: "[UNK]",
      continuing_subword_prefix: "##",
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(ids),
    },
  };
}

/** `tokenizer_config.json` of a BERT tokenizer, as transformers writes it. */
export function bertTokenizerConfig({ lowercase = true, modelMaxLength = 512 }: TokenizerFileOptions = {}): Record<
  string,
  unknown
> {
  return {
    clean_up_tokenization_spaces: true,
    ...SPECIAL_TOKENS_MAP,
    do_basic_tokenize: true,
    do_lower_case: lowercase,
    model_max_length: modelMaxLength,
    never_split: null,
    strip_accents: null,
    tokenize_chinese_chars: true,
    tokenizer_class: "BertTokenizer",
  };
}

/**
 * Writes `vocab.txt`, `tokenizer.json`, `tokenizer_config.json` and `special_tokens_map.json`
 * into `dir` (which must exist), so that both transformers and transformers.js load the tokenizer.
 */
export function writeTokenizerFiles(dir: string, vocab: string[], options: TokenizerFileOptions = {}): void {
  const bad = vocab.find((t) => t === "" || /[\r\n]/.test(t));
  if (bad !== undefined)
    throw new Error(
      `vocabulary token ${JSON.stringify(bad)} is empty or has a line break: vocab.txt holds one token a line`,
    );
  writeFileSync(path.join(dir, "vocab.txt"), vocab.join("\n") + "\n");
  writeFileSync(path.join(dir, "tokenizer.json"), JSON.stringify(bertTokenizerJson(vocab, options)));
  writeFileSync(path.join(dir, "tokenizer_config.json"), JSON.stringify(bertTokenizerConfig(options), null, 2));
  writeFileSync(path.join(dir, "special_tokens_map.json"), JSON.stringify(SPECIAL_TOKENS_MAP, null, 2));
}

function readJson(file: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`${file} is not valid JSON (${(err as Error).message}): restore it from the model's source`, {
      cause: err,
    });
  }
}

/**
 * Reads the tokenizer of a model folder. A folder with only `vocab.txt` gets the standard BERT
 * `tokenizer.json` built in memory, lowercasing unless `tokenizer_config.json` says `do_lower_case: false`.
 */
export function readTokenizerSources(dir: string): TokenizerSources {
  const configFile = path.join(dir, "tokenizer_config.json");
  const stored = existsSync(configFile) ? readJson(configFile) : {};
  const lowercase = stored.do_lower_case !== false;
  const tokenizerConfig = { ...bertTokenizerConfig({ lowercase }), ...stored };
  const jsonFile = path.join(dir, "tokenizer.json");
  if (existsSync(jsonFile)) return { tokenizerJson: readJson(jsonFile), tokenizerConfig };
  const vocabFile = path.join(dir, "vocab.txt");
  if (existsSync(vocabFile))
    return { tokenizerJson: bertTokenizerJson(readVocab(vocabFile), { lowercase }), tokenizerConfig };
  throw new Error(`${dir} has neither tokenizer.json nor vocab.txt: copy the tokenizer files of the model into it`);
}
