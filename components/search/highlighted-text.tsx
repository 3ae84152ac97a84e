import { useTranslations } from "next-intl";
import { highlightSegments } from "@/lib/search/highlight-marks";

function Segments({ text, highlights }: { text: string; highlights: [number, number][] }) {
  return (
    <>
      {highlightSegments(text, highlights).map((segment, i) =>
        segment.hit ? <mark key={i}>{segment.text}</mark> : <span key={i}>{segment.text}</span>,
      )}
    </>
  );
}

/** Highlights that fall inside [from, to), shifted to start at `from`. */
function within(highlights: [number, number][], from: number, to: number): [number, number][] {
  return highlights.filter(([s, e]) => s >= from && e <= to).map(([s, e]) => [s - from, e - from]);
}

/**
 * Plain text with the matched ranges wrapped in <mark> and, optionally, one range (the
 * best-matching sentence) emphasised. Text is rendered as React text nodes, never as HTML, so
 * stored documents cannot inject markup.
 */
export function HighlightedText({
  text,
  highlights,
  emphasis,
}: {
  text: string;
  highlights: [number, number][];
  emphasis?: [number, number];
}) {
  const t = useTranslations("SearchResults");
  if (!emphasis) return <Segments text={text} highlights={highlights} />;
  const [from, to] = emphasis;
  return (
    <>
      <Segments text={text.slice(0, from)} highlights={within(highlights, 0, from)} />
      <strong
        className="font-semibold text-zinc-900 dark:text-zinc-50"
        title={t("bestSentence")}
        data-testid="best-sentence"
      >
        <Segments text={text.slice(from, to)} highlights={within(highlights, from, to)} />
      </strong>
      <Segments text={text.slice(to)} highlights={within(highlights, to, text.length)} />
    </>
  );
}
