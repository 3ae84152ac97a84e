import { Parser } from "htmlparser2";
import { stemName } from "@/lib/ingest/formats/file-format";
import type { UploadFormat } from "@/lib/ingest/formats/upload-format";
import { IngestError } from "@/lib/ingest/ingest-error";

/**
 * Deepest element nesting accepted (Chromium's HTML parser stops nesting at the same depth).
 * htmlparser2 and the collector below both walk the open-element stack per tag, so without a
 * bound a page of unclosed tags ("<b><b><b>...", then "</i></i>...") costs time quadratic in its size.
 */
export const MAX_HTML_DEPTH = 512;

/** Elements whose content a reader never sees. */
const HIDDEN = new Set(["script", "style", "noscript", "template", "head", "svg", "canvas", "iframe", "object"]);
/** Elements that sit on lines of their own. */
const LINE_BLOCK = new Set(["li", "tr", "dt", "dd", "option", "caption", "figcaption", "summary", "legend"]);
/** Elements that sit in paragraphs of their own. */
const PARAGRAPH_BLOCK = new Set([
  "p",
  "div",
  "section",
  "article",
  "main",
  "header",
  "footer",
  "nav",
  "aside",
  "blockquote",
  "pre",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "ul",
  "ol",
  "dl",
  "table",
  "thead",
  "tbody",
  "tfoot",
  "form",
  "fieldset",
  "address",
  "figure",
  "details",
  "hr",
  "body",
  "html",
]);
const CELL = new Set(["td", "th"]);

/** Visible text and title of an HTML page. */
export interface HtmlContent {
  /** <title>, else the first <h1>, else "" (the caller falls back to the file name). */
  title: string;
  /** Visible text with block elements as line and paragraph breaks; not yet normalized. */
  text: string;
}

/**
 * Visible text of an HTML document: script, style, noscript, template, head (except the
 * title), svg and elements with a `hidden` attribute are skipped; block elements become line
 * or paragraph breaks; source whitespace collapses as a browser would, except inside <pre>;
 * entities are decoded. htmlparser2 is forgiving: the only HTML refused is a page whose elements
 * nest deeper than {@link MAX_HTML_DEPTH}.
 * @param fileName names the file in the error
 * @param firstLine line of the file where `html` starts (an HTML block inside Markdown)
 * @throws IngestError when elements nest deeper than MAX_HTML_DEPTH, with the line of the tag
 */
export function parseHtml(html: string, fileName = "the page", firstLine = 1): HtmlContent {
  const collector = new VisibleTextCollector();
  const parser: Parser = new Parser(
    {
      onopentag: (name, attribs) => {
        if (collector.depth >= MAX_HTML_DEPTH) throw depthError(html, parser.startIndex, fileName, firstLine);
        collector.open(name, attribs.hidden !== undefined);
      },
      ontext: (data) => collector.text(data),
      onclosetag: (name) => collector.close(name),
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return collector.result();
}

function depthError(html: string, offset: number, fileName: string, firstLine: number): IngestError {
  let line = firstLine;
  for (let i = html.indexOf("\n"); i !== -1 && i < offset; i = html.indexOf("\n", i + 1)) line++;
  return new IngestError(
    fileName,
    `elements are nested more than ${MAX_HTML_DEPTH} deep here (tags left open, such as <b> or <font> without </b> or </font>); close the tags or remove the extra ones`,
    line,
  );
}

/** Event sink for htmlparser2 that keeps what a browser would show. */
class VisibleTextCollector {
  private readonly out: string[] = [];
  private readonly stack: { name: string; hides: boolean }[] = [];
  private hidden = 0;
  private pre = 0;
  // Breaks are held back and merged, so "</li><li>" gives one line break, not two.
  private pendingBreak = 0;
  private title?: string;
  private titleParts?: string[];
  private firstH1?: string;
  private h1Parts?: string[];

  /** Elements open now. */
  get depth(): number {
    return this.stack.length;
  }

  open(name: string, hiddenAttribute: boolean): void {
    const hides = HIDDEN.has(name) || hiddenAttribute;
    this.stack.push({ name, hides });
    if (hides) this.hidden++;
    if (name === "title" && this.title === undefined && !this.stack.some((e) => e.name === "svg")) this.titleParts = [];
    if (this.hidden > 0) return;
    if (name === "pre") this.pre++;
    if (name === "h1" && this.firstH1 === undefined) this.h1Parts = [];
    if (name === "br") this.pendingBreak = Math.min(2, this.pendingBreak + 1);
    else this.breakFor(name);
  }

  text(data: string): void {
    this.titleParts?.push(data);
    if (this.hidden > 0) return;
    const text = this.pre > 0 ? data : data.replace(/\s+/g, " ");
    if (this.pendingBreak > 0 && text.trim() !== "") {
      this.out.push("\n".repeat(this.pendingBreak));
      this.pendingBreak = 0;
    }
    this.out.push(text);
    this.h1Parts?.push(text);
  }

  close(name: string): void {
    // Pop up to the matching element; a close without an open changes nothing.
    let at = this.stack.length - 1;
    while (at >= 0 && this.stack[at].name !== name) at--;
    if (at === -1) return;
    for (const element of this.stack.splice(at).reverse()) this.closeOne(element);
  }

  result(): HtmlContent {
    const candidates = [this.title, this.firstH1 ?? this.h1Parts?.join("")];
    const title = candidates.map((t) => (t ?? "").replace(/\s+/g, " ").trim()).find((t) => t !== "");
    return { title: title ?? "", text: this.out.join("") };
  }

  private closeOne({ name, hides }: { name: string; hides: boolean }): void {
    if (name === "title" && this.titleParts) [this.title, this.titleParts] = [this.titleParts.join(""), undefined];
    if (hides) {
      this.hidden--;
      return;
    }
    if (this.hidden > 0) return;
    if (name === "pre") this.pre--;
    if (name === "h1" && this.h1Parts) [this.firstH1, this.h1Parts] = [this.h1Parts.join(""), undefined];
    if (name !== "br") this.breakFor(name);
  }

  private breakFor(name: string): void {
    if (PARAGRAPH_BLOCK.has(name)) this.pendingBreak = 2;
    else if (LINE_BLOCK.has(name)) this.pendingBreak = Math.max(this.pendingBreak, 1);
    else if (CELL.has(name)) this.out.push(" ");
  }
}

/** HTML: the visible text of one page, titled by its `<title>` or first heading, else the file name. */
export const htmlFormat = {
  id: "html",
  extensions: [".html", ".htm"],
  mimeTypes: ["text/html"],
  tabular: false,
  parse: (text, options) => {
    const html = parseHtml(text, options.fileName);
    return [{ title: html.title || stemName(options.fileName), text: html.text, metadata: {} }];
  },
} as const satisfies UploadFormat<"html">;
