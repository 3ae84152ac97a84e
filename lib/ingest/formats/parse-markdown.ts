import MarkdownIt from "markdown-it";
import { stemName } from "@/lib/ingest/formats/file-format";
import type { UploadFormat } from "@/lib/ingest/formats/upload-format";
import type Token from "markdown-it/lib/token.mjs";
import { parseHtml } from "@/lib/ingest/formats/parse-html";

/** Plain text and title of a Markdown document. */
export interface MarkdownContent {
  /** Text of the first level-1 heading (ATX "# x" or setext "x\n==="), or "" when there is none. */
  title: string;
  /** The text without Markdown syntax; not yet normalized. */
  text: string;
}

/** One block of output text and the source lines [start, end) it came from. */
interface Leaf {
  /** Headings, code, thematic breaks and HTML blocks always stand in paragraphs of their own. */
  kind: "text" | "own-paragraph";
  text: string;
  start: number;
  end: number;
}

const TASK_MARKER = /^\[[ xX]\][ \t]+/;

let parser: MarkdownIt | undefined;

/**
 * A CommonMark parser (markdown-it, with GFM tables and strike-through) instead of hand-written
 * regular expressions: its inline and block rules run in linear time on hostile input, where
 * regexes over a whole line backtracked (n² to n³ on runs of backticks or asterisks).
 */
function markdownParser(): MarkdownIt {
  if (!parser) {
    parser = new MarkdownIt("default", { html: true, linkify: false, typographer: false });
    // Only the text is kept, never the address, so every link is read as a link (the default
    // check would leave "[x](javascript:...)" in the text as written).
    parser.validateLink = () => true;
  }
  return parser;
}

/**
 * Markdown to plain text as a reader of the rendered page sees it: headings become paragraphs
 * of their own, emphasis, code ticks, link and image syntax go (keeping link text and alt
 * text), bullet and task markers go while list items stay on their own lines (ordered-list
 * numbers stay), code keeps its content verbatim, HTML keeps only its visible text, front
 * matter, reference definitions, thematic breaks and table rulers are removed; table cells are
 * separated by tabs. Blocks that were on consecutive source lines stay on consecutive lines; a
 * blank source line between blocks gives a blank line.
 * @param fileName names the file in errors (see parseHtml)
 * @throws IngestError from parseHtml, for HTML nested too deeply
 */
export function parseMarkdown(markdown: string, fileName = "the document"): MarkdownContent {
  const lines = stripFrontMatter(markdown.split(/\r\n?|\n/));
  const tokens = markdownParser().parse(lines.join("\n"), {});
  const leaves: Leaf[] = [];
  let title: string | undefined;
  let prefix = "";
  let task = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const [start, end] = t.map ?? [0, 0];
    switch (t.type) {
      case "heading_open": {
        const text = inlineText(tokens[i + 1]);
        if (t.tag === "h1" && title === undefined && text.trim() !== "") title = text.trim();
        leaves.push({ kind: "own-paragraph", text, start, end });
        i += 2;
        break;
      }
      case "list_item_open":
        // Ordered items keep their number as written ("1." or "3)"); bullets lose their marker.
        prefix = t.info === "" ? "" : `${t.info}${t.markup} `;
        task = t.info === "";
        break;
      case "inline": {
        let text = inlineText(t);
        if (task) text = text.replace(TASK_MARKER, "");
        leaves.push({ kind: "text", text: prefix + text, start, end });
        [prefix, task] = ["", false];
        break;
      }
      case "tr_open":
        i = tableRow(tokens, i, leaves);
        break;
      case "fence":
      case "code_block":
        leaves.push({ kind: "own-paragraph", text: t.content.replace(/\n$/, ""), start, end });
        break;
      case "html_block": {
        const text = parseHtml(t.content, fileName, start + 1).text.trim();
        if (text !== "") leaves.push({ kind: "own-paragraph", text, start, end });
        break;
      }
      case "hr":
        leaves.push({ kind: "own-paragraph", text: "", start, end });
        break;
    }
  }
  return { title: title ?? "", text: joinLeaves(leaves, lines) };
}

/** One table row as a line of tab-separated cells; returns the index of its tr_close. */
function tableRow(tokens: Token[], open: number, leaves: Leaf[]): number {
  const [start, end] = tokens[open].map ?? [0, 0];
  const cells: string[] = [];
  let i = open + 1;
  for (; i < tokens.length && tokens[i].type !== "tr_close"; i++) {
    if (tokens[i].type === "inline") cells.push(inlineText(tokens[i]));
  }
  leaves.push({ kind: "text", text: cells.join("\t"), start, end });
  return i;
}

/** Plain text of an inline token: text and code content, image alt text, line breaks; no HTML. */
function inlineText(token: Token | undefined): string {
  let out = "";
  for (const child of token?.children ?? []) {
    switch (child.type) {
      case "text":
      case "code_inline":
        out += child.content;
        break;
      case "softbreak":
      case "hardbreak":
        out += "\n";
        break;
      case "image":
        out += inlineText(child);
        break;
    }
  }
  return out;
}

/**
 * Blocks joined by a line break, or by a blank line where the source had one between them
 * or where either block stands in a paragraph of its own.
 */
function joinLeaves(leaves: Leaf[], lines: string[]): string {
  let out = "";
  let previous: Leaf | undefined;
  for (const leaf of leaves) {
    if (leaf.kind === "text" && leaf.text === "") continue; // e.g. a paragraph of HTML tags only
    if (previous) {
      const blank =
        previous.kind === "own-paragraph" ||
        leaf.kind === "own-paragraph" ||
        hasBlankLine(lines, previous.end, leaf.start);
      out += blank ? "\n\n" : "\n";
    }
    out += leaf.text;
    previous = leaf;
  }
  return out;
}

/** A blank line (or a blank line of a block quote, ">") among lines [from, to). */
function hasBlankLine(lines: string[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (/^[\s>]*$/.test(lines[i])) return true;
  return false;
}

/** YAML front matter ("---" ... "---" at the very top) is metadata, not text. */
function stripFrontMatter(lines: string[]): string[] {
  if (lines[0]?.trim() !== "---") return lines;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === "---" || lines[i].trim() === "...") return lines.slice(i + 1);
  }
  return lines;
}

/** Markdown (CommonMark): one document, titled by its first heading or else the file name. */
export const markdownFormat = {
  id: "md",
  extensions: [".md", ".markdown"],
  mimeTypes: ["text/markdown"],
  tabular: false,
  parse: (text, options) => {
    const md = parseMarkdown(text, options.fileName);
    return [{ title: md.title || stemName(options.fileName), text: md.text, metadata: {} }];
  },
} as const satisfies UploadFormat<"md">;
