import { Parser } from "htmlparser2";

/** Elements whose content a reader never sees. */
const HIDDEN = new Set(["script", "style", "noscript", "template", "head", "svg", "canvas", "iframe", "object"]);
/** Elements that end a line. */
const LINE_BREAK = new Set(["br", "li", "tr", "dt", "dd", "option", "caption", "figcaption", "summary"]);
/** Elements that end a paragraph. */
const PARAGRAPH_BREAK = new Set([
  "p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "blockquote", "pre",
  "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "form",
  "fieldset", "address", "figure", "details", "hr", "body", "html",
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
 * entities are decoded. htmlparser2 is forgiving, so no HTML is rejected here.
 */
export function parseHtml(html: string): HtmlContent {
  const out: string[] = [];
  const open: { name: string; hides: boolean }[] = [];
  let hidden = 0;
  let pre = 0;
  let title: string | undefined;
  let titleBuffer: string[] | undefined;
  let h1: string[] | undefined;
  let firstH1: string | undefined;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const hides = HIDDEN.has(name) || attribs.hidden !== undefined;
        open.push({ name, hides });
        if (hides) hidden++;
        if (name === "title" && title === undefined && open.every((o) => o.name !== "svg")) titleBuffer = [];
        if (hidden > 0) return;
        if (name === "pre") pre++;
        if (name === "h1" && firstH1 === undefined) h1 = [];
        // Paragraph breaks go on both sides; a line break only after the element, except
        // <br>, which has no content and whose (immediate) close must not add a second one.
        if (name === "br") out.push("\n");
        else if (PARAGRAPH_BREAK.has(name)) out.push("\n\n");
      },
      ontext(data) {
        if (titleBuffer) titleBuffer.push(data);
        if (hidden > 0) return;
        const text = pre > 0 ? data : data.replace(/\s+/g, " ");
        out.push(text);
        h1?.push(text);
      },
      onclosetag(name) {
        // htmlparser2 reports a close (possibly implied) for every open, voids included.
        const top = open.pop();
        if (name === "title" && titleBuffer) [title, titleBuffer] = [titleBuffer.join(""), undefined];
        if (top?.hides) {
          hidden--;
          return;
        }
        if (hidden > 0) return;
        if (name === "pre") pre--;
        if (name === "h1" && h1) [firstH1, h1] = [h1.join(""), undefined];
        if (name !== "br") out.push(breakFor(name));
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  const pick = [title, firstH1].map((t) => (t ?? "").replace(/\s+/g, " ").trim()).find((t) => t !== "");
  return { title: pick ?? "", text: out.join("") };
}

function breakFor(name: string): string {
  if (PARAGRAPH_BREAK.has(name)) return "\n\n";
  if (LINE_BREAK.has(name)) return "\n";
  if (CELL.has(name)) return " ";
  return "";
}
