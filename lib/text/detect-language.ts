import { lowerWords } from "@/lib/text/segment-words";
import { STOP_WORDS } from "@/lib/text/stop-words";

const HAN = /\p{Script=Han}/gu;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const HANGUL = /\p{Script=Hangul}/gu;
const LATIN = /\p{Script=Latin}/gu;
const CYRILLIC = /\p{Script=Cyrillic}/gu;

const count = (text: string, re: RegExp) => text.match(re)?.length ?? 0;

/**
 * The main language of a text as an ISO 639-1 code, from its letters' scripts: "zh" (Han
 * without kana), "ja" (kana), "ko", "ru" (Cyrillic), "en" (Latin where English function words
 * are frequent), "und" when it cannot tell (no letters, or Latin that is not English). A
 * Chinese or Japanese text counts one letter per character, so a Chinese document with English
 * terms in it is still Chinese. Reads at most the first 5,000 characters. Pure.
 */
export function detectLanguage(text: string): string {
  const sample = text.slice(0, 5000);
  const han = count(sample, HAN);
  const kana = count(sample, KANA);
  const hangul = count(sample, HANGUL);
  const cyrillic = count(sample, CYRILLIC);
  // Latin counted in words, about as informative as one ideograph each.
  const latinWords = count(sample, LATIN) / 5;
  const best = Math.max(han + kana, hangul, cyrillic, latinWords);
  if (best === 0) return "und";
  if (best === han + kana) return kana > 0.1 * (han + kana) ? "ja" : "zh";
  if (best === hangul) return "ko";
  if (best === cyrillic) return "ru";
  const words = lowerWords(sample);
  const english = words.filter((w) => STOP_WORDS.has(w)).length;
  return words.length && english / words.length >= 0.1 ? "en" : "und";
}
