// Backslash-escaped punctuation is parked in the Private Use Area while syntax is stripped,
// so "\*" survives as a literal "*" instead of being read as emphasis.
const ESCAPE_BASE = 0xe000;
const ESCAPED = /\\([!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~])/g;
const PARKED = /[\uE000-\uE07F]/g;

const SYNTAX_CHARS = /[*_~`[\]<>&\\]/;

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00A0" };

/**
 * Plain text of one line of Markdown inline syntax: code spans keep their content without
 * ticks, images become their alt text, links their link text, autolinks their address,
 * emphasis and strike-through lose their markers, HTML tags and comments go, and the common
 * character references are decoded.
 */
export function stripInline(line: string): string {
  // Most lines of prose hold no syntax at all; the rules below cost a dozen scans each.
  if (!SYNTAX_CHARS.test(line)) return line;
  const parked = line.replace(ESCAPED, (_, c: string) => String.fromCharCode(ESCAPE_BASE + c.charCodeAt(0)));
  // Split on code spans: their content is literal and must not be touched by the rules below.
  const parts = parked.split(/(`+)(.+?)\1(?!`)/);
  let result = "";
  for (let i = 0; i < parts.length; i++) {
    if (i % 3 === 0) result += stripSyntax(parts[i]);
    else if (i % 3 === 2) result += restoreEscapes(parts[i], true).trim();
  }
  return restoreEscapes(result, false);
}

function stripSyntax(s: string): string {
  let out = s;
  if (out.includes("[")) {
    out = out
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/!\[([^\]]*)\]\[[^\]]*\]/g, "$1")
      .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, "$1");
  }
  if (out.includes("<")) {
    out = out
      .replace(/<!--.*?-->/g, "")
      .replace(/<((?:https?|ftp|mailto):[^>\s]+)>/gi, "$1")
      .replace(/<([^>\s@]+@[^>\s@]+)>/g, "$1")
      .replace(/<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g, "");
  }
  if (out.includes("*") || out.includes("_")) {
    out = out
      .replace(/(\*\*|__)(?=\S)(.*?\S)\1/g, "$2")
      .replace(/(^|[^\p{L}\p{N}*])\*(?=\S)([^*]*?\S)\*(?![\p{L}\p{N}*])/gu, "$1$2")
      // Underscores inside words (snake_case) are not emphasis.
      .replace(/(^|[^\p{L}\p{N}_])_(?=\S)([^_]*?\S)_(?![\p{L}\p{N}_])/gu, "$1$2");
  }
  if (out.includes("~~")) out = out.replace(/~~(?=\S)(.*?\S)~~/g, "$1");
  return out.includes("&") ? decodeEntities(out) : out;
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] !== "#") return ENTITIES[ref.toLowerCase()] ?? whole;
    const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

/** Parked escapes back to their characters; inside code spans the backslash was literal. */
function restoreEscapes(s: string, keepBackslash: boolean): string {
  return s.replace(PARKED, (c) => (keepBackslash ? "\\" : "") + String.fromCharCode(c.charCodeAt(0) - ESCAPE_BASE));
}
