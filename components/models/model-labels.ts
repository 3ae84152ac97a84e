/** Plain words for where a model version came from, shared by every view that names a model. */
import type { Translate } from "@/components/ui/translate";

const SHORT: Record<string, string> = {
  hub: "pretrained",
  dir: "local folder",
  scratch: "trained from scratch",
  finetuned: "fine-tuned",
};

const SENTENCE: Record<string, string> = {
  hub: "a pretrained model",
  dir: "a model copied in from a local folder",
  scratch: "a model trained from scratch on this corpus",
  finetuned: "a model fine-tuned on this corpus",
};

/** "pretrained", "local folder", "trained from scratch" or "fine-tuned"; unknown sources read as given. */
export function sourceLabel(source: string): string {
  return SHORT[source] ?? source;
}

/** The source as a noun phrase for a sentence: "a pretrained model", "a model trained from scratch on this corpus". */
export function sourceSentence(source: string): string {
  return SENTENCE[source] ?? `a ${source} model`;
}

/**
 * A base model spec as people read it, never with a server path, in the language of `t` (the
 * ModelSource namespace): `hub:owner/name` → "owner/name", `dir:/srv/models/mini` → "the local
 * folder “mini”", `scratch` → "none (trained from scratch)".
 */
export function baseModelLabel(spec: string, t: Translate): string {
  const s = spec.trim();
  if (s === "scratch") return t("base.scratch");
  if (s.startsWith("dir:")) {
    const name = s.slice(4).split(/[\\/]/).filter(Boolean).at(-1);
    return name ? t("base.folder", { name }) : t("base.anyFolder");
  }
  if (s.startsWith("hub:")) return s.slice(4) || t("base.defaultHub");
  return modelDisplayName(s);
}

/**
 * A model's name as people read it: a hub id stays as is ("sentence-transformers/all-MiniLM-L6-v2"),
 * a folder path shows its last segment, since the full path is noise in a sentence.
 */
export function modelDisplayName(name: string): string {
  if (!name.includes("/") || !name.startsWith("/")) return name;
  const parts = name.split("/").filter(Boolean);
  return parts[parts.length - 1] ?? name;
}
