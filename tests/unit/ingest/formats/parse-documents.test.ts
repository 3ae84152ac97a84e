import { describe, expect, it } from "vitest";
import { parseFile } from "@/lib/ingest/formats/parse-file";
import { MAX_HTML_DEPTH, parseHtml } from "@/lib/ingest/formats/parse-html";
import { parseMarkdown } from "@/lib/ingest/formats/parse-markdown";
import { fixture, ingestError, utf8 } from "@/tests/unit/ingest/formats/helpers";

describe("parseFile: txt", () => {
  it("makes one normalized document titled by the file name", () => {
    expect(parseFile(fixture("plain.txt"), { fileName: "uploads/plain.txt" })).toEqual([
      { title: "plain", text: "The first line.\nThe second line.", metadata: {} },
    ]);
  });
});

describe("parseFile: markdown", () => {
  it("reads the fixture without Markdown syntax", () => {
    const [doc] = parseFile(fixture("notes.md"), { fileName: "notes.md" });
    expect(doc.title).toBe("Field notes");
    expect(doc.text).toBe(
      [
        "Field notes",
        "",
        "Birds sing at dawn; see the guide and a robin.\nUse grep -r to search.",
        "",
        "Lists",
        "",
        "first item\nsecond item\n1. numbered item",
        "",
        "def f(x):\nreturn x * 2 # **not emphasis**",
        "",
        "Centered bold",
      ].join("\n"),
    );
  });

  it("falls back to the file name without a level-1 heading", () => {
    expect(parseFile(utf8("## Only a subheading\n\nText."), { fileName: "doc.markdown" })[0].title).toBe("doc");
  });

  it("takes a setext heading as the title", () => {
    expect(parseMarkdown("My Title\n========\n\nBody").title).toBe("My Title");
  });

  it("strips inline syntax but not snake_case, escapes or code content", () => {
    const md =
      "**bold** __strong__ *em* _em_ ~~gone~~ snake_case_name 2 * 3 * 4 \\*lit\\* `a *b* \\c` [x][ref] <https://a.b/c>\n\n[ref]: https://x.y";
    expect(parseMarkdown(md).text).toBe(
      "bold strong em em gone snake_case_name 2 * 3 * 4 *lit* a *b* \\c x https://a.b/c",
    );
  });

  it("reads inline syntax as CommonMark does: intraword * is emphasis, an undefined reference is literal", () => {
    expect(parseMarkdown("2*3*4 [y][nowhere] [z](javascript:void)").text).toBe("234 [y][nowhere] z");
  });

  it("keeps ordered-list numbers, drops bullet and task markers, keeps tight lines and blank lines", () => {
    const md = "- [ ] todo\n- [x] done\n\n3) third\n4) fourth\n\nA line\nand the next\n\n> quote\n>\n> more";
    expect(parseMarkdown(md).text).toBe("todo\ndone\n\n3) third\n4) fourth\n\nA line\nand the next\n\nquote\n\nmore");
  });

  it("keeps the visible text of HTML blocks and drops inline tags", () => {
    expect(parseMarkdown("<div>\n<script>x()</script><p>Shown</p>\n</div>\n\nA <span>b</span> c").text).toBe(
      "Shown\n\nA b c",
    );
  });

  it("reads hostile runs of backticks, asterisks, brackets and comments without trouble", () => {
    const n = 20_000;
    expect(parseMarkdown("a" + "`".repeat(n)).text).toBe("a" + "`".repeat(n));
    expect(parseMarkdown("**a ".repeat(n / 4)).text).toBe("**a ".repeat(n / 4).trim());
    expect(parseMarkdown("[".repeat(n) + "a" + "]".repeat(n)).text).toHaveLength(2 * n + 1);
    expect(parseMarkdown("x<!-- -->".repeat(n / 9)).text).toBe("x".repeat(Math.floor(n / 9)));
  });

  it("refuses HTML blocks nested too deeply, naming the file and line", () => {
    const err = ingestError(() =>
      parseFile(utf8("# T\n\n<div>\n" + "<b>".repeat(MAX_HTML_DEPTH + 1)), { fileName: "deep.md" }),
    );
    expect(err.line).toBe(4);
    expect(err.message).toContain(`nested more than ${MAX_HTML_DEPTH} deep`);
  });

  it("removes reference definitions, thematic breaks, table rulers, blockquote markers and comments", () => {
    const md =
      "> quoted\n\n***\n[ref]: https://x.y\n| a | b |\n|:--|--:|\n| 1 | 2 |\ntext <!-- note --> more\n<!--\nhidden\n-->\nend &amp; &#233;";
    const text = parseFile(utf8(md), { fileName: "a.md" })[0].text;
    expect(text).toBe("quoted\n\na b\n1 2\ntext more\nend & é");
  });

  it("keeps the content of fences, including ones that look like headings", () => {
    expect(parseMarkdown("~~~\n# not a heading\n~~~\n").text.trim()).toBe("# not a heading");
    expect(parseMarkdown("~~~\n# not a heading\n~~~\n").title).toBe("");
  });
});

describe("parseFile: html", () => {
  it("reads visible text of the fixture with title and decoded entities", () => {
    const [doc] = parseFile(fixture("page.html"), { fileName: "page.html" });
    expect(doc.title).toBe("Café & Bakery");
    expect(doc.text).toBe(
      [
        "Home",
        "",
        "Opening hours",
        "",
        "We open at 8 am – every day.",
        "",
        "Bread\nCakes <fresh>",
        "",
        "Call us.\nOr write.",
        "",
        "line one\nline two",
      ].join("\n"),
    );
    expect(doc.text).not.toMatch(/never shown|color|template text|Enable JavaScript/);
  });

  it("uses the first h1 without a title, and the file name without either", () => {
    expect(parseFile(utf8("<h1>First</h1><h1>Second</h1><p>x</p>"), { fileName: "a.htm" })[0].title).toBe("First");
    expect(parseFile(utf8("<p>x</p>"), { fileName: "some/page.html" })[0].title).toBe("page");
  });

  it("skips hidden elements and svg, separates table cells", () => {
    const { text } = parseHtml(
      "<div hidden>secret</div><svg><title>icon</title><text>svg</text></svg><table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>",
    );
    expect(text.replace(/\s+/g, " ").trim()).toBe("a b c");
  });

  it("tolerates broken markup", () => {
    const { text } = parseHtml("<p>one<p>two<li>three</span><div>four</p>five");
    expect(text.trim()).toBe("one\n\ntwo\nthree\n\nfour\n\nfive");
  });

  it("refuses elements nested deeper than MAX_HTML_DEPTH, naming the line; closed or implied-closed tags are fine", () => {
    const deep = "<p>x</p>\n" + "<b>".repeat(MAX_HTML_DEPTH) + "\n<i>too deep";
    const err = ingestError(() => parseFile(utf8(deep), { fileName: "deep.html" }));
    expect(err.message).toMatch(/^deep\.html, line 3: elements are nested more than 512 deep/);
    expect(parseHtml("<b>".repeat(MAX_HTML_DEPTH) + "ok").text).toBe("ok");
    expect(parseHtml("<li>a".repeat(10_000)).text.trim().split("\n")).toHaveLength(10_000);
    expect(parseHtml("<b>x</b>".repeat(10_000) + "</i>".repeat(10_000)).text).toBe("x".repeat(10_000));
  });

  it("turns list items and <br> into lines, paragraphs into blank-line breaks", () => {
    expect(parseHtml("<ul><li>a</li><li>b</li></ul><p>c<br>d<br><br>e</p>").text.trim()).toBe("a\nb\n\nc\nd\n\ne");
  });
});
