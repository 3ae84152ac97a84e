import { stripInline } from "./markdown-inline";

/** Plain text and title of a Markdown document. */
export interface MarkdownContent {
  /** Text of the first level-1 heading (ATX "# x" or setext "x\n==="), or "" when there is none. */
  title: string;
  /** The text without Markdown syntax; not yet normalized. */
  text: string;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]]+\]:[ \t]*\S+/;
const TABLE_DELIMITER_ROW = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

/**
 * Markdown to plain text, line by line: heading markers go (headings become paragraphs of
 * their own), emphasis, code ticks, link and image syntax go (keeping link text and alt
 * text), bullet markers go while list items stay on their own lines (ordered-list numbers
 * stay), fenced code keeps its content verbatim, HTML tags and comments, front matter,
 * reference definitions, thematic breaks and table rulers are removed.
 */
export function parseMarkdown(markdown: string): MarkdownContent {
  const lines = stripFrontMatter(markdown.split(/\r\n?|\n/));
  const out: string[] = [];
  let title: string | undefined;
  let fence: string | undefined;
  let inComment = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (fence !== undefined) {
      if (line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, "") === "") fence = undefined;
      else out.push(line);
      continue;
    }
    const opening = FENCE.exec(line);
    if (opening) {
      fence = opening[1];
      out.push("");
      continue;
    }
    if (inComment || line.includes("<!--")) {
      const r = skipComment(line, inComment);
      inComment = r.inComment;
      if (r.rest.trim() === "") continue;
      if (inComment) {
        out.push(blockLine(r.rest) ?? ""); // the text before a comment that runs on
        continue;
      }
      lines[i] = r.rest;
      i--; // re-read the rest of the line as ordinary Markdown
      continue;
    }
    const heading = headingOf(line, lines[i + 1]);
    if (heading) {
      const text = stripInline(heading.text);
      if (heading.level === 1 && title === undefined && text.trim() !== "") title = text.trim();
      out.push("", text, "");
      if (heading.setext) i++;
      continue;
    }
    const plain = blockLine(line);
    if (plain !== null) out.push(plain);
  }
  return { title: title ?? "", text: out.join("\n") };
}

/** YAML front matter ("---" ... "---" at the very top) is metadata, not text. */
function stripFrontMatter(lines: string[]): string[] {
  if (lines[0]?.trim() !== "---") return lines;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === "---" || lines[i].trim() === "...") return lines.slice(i + 1);
  }
  return lines;
}

/** Removes an HTML comment part of a line; a comment may run over several lines. */
function skipComment(line: string, inComment: boolean): { rest: string; inComment: boolean } {
  if (inComment) {
    const end = line.indexOf("-->");
    return end === -1 ? { rest: "", inComment: true } : { rest: line.slice(end + 3), inComment: false };
  }
  const start = line.indexOf("<!--");
  const end = line.indexOf("-->", start + 4);
  if (end !== -1) return { rest: line.slice(0, start) + line.slice(end + 3), inComment: false };
  return { rest: line.slice(0, start), inComment: true };
}

function headingOf(line: string, next: string | undefined): { level: number; text: string; setext: boolean } | undefined {
  const atx = ATX_HEADING.exec(line);
  if (atx) return { level: atx[1].length, text: atx[2] ?? "", setext: false };
  // A setext underline needs a text line above it; "---" under nothing is a thematic break.
  if (next !== undefined && line.trim() !== "" && !/^ {0,3}([-*+]|\d+[.)])[ \t]/.test(line)) {
    const under = SETEXT_UNDERLINE.exec(next);
    if (under) return { level: under[1][0] === "=" ? 1 : 2, text: line.trim(), setext: true };
  }
  return undefined;
}

/**
 * One ordinary line: block markers removed, then inline syntax. Null for lines that vanish
 * without a trace (a blank line instead would split a table or paragraph in two).
 */
function blockLine(line: string): string | null {
  if (THEMATIC_BREAK.test(line)) return "";
  if (REFERENCE_DEFINITION.test(line)) return null;
  if (line.includes("|") && TABLE_DELIMITER_ROW.test(line)) return null;
  let rest = line.replace(/^(?: {0,3}>[ \t]?)+/, "");
  rest = rest.replace(/^[ \t]*[-*+][ \t]+(?:\[[ xX]\][ \t]+)?/, "");
  if (/^[ \t]*\|.*\|[ \t]*$/.test(rest)) rest = rest.trim().slice(1, -1).replace(/\|/g, "\t");
  return stripInline(rest);
}
