import { highlightSegments } from "@/lib/search/highlight-marks";

/**
 * Plain text with the matched ranges wrapped in <mark>. Text is rendered as React text nodes,
 * never as HTML, so stored documents cannot inject markup.
 */
export function HighlightedText({ text, highlights }: { text: string; highlights: [number, number][] }) {
  return (
    <>
      {highlightSegments(text, highlights).map((segment, i) => (segment.hit ? <mark key={i}>{segment.text}</mark> : <span key={i}>{segment.text}</span>))}
    </>
  );
}
