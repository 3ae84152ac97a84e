// No imports: the upload page's CSV preview uses this in the browser as the server does.

/**
 * The delimiter of the header line: comma, semicolon, tab or pipe, whichever occurs most
 * outside quotes (comma on a tie or when none occurs, as in a one-column file).
 */
export function detectDelimiter(text: string): string {
  const newline = text.indexOf("\n");
  const header = (newline === -1 ? text : text.slice(0, newline)).replace(/"[^"]*"/g, "");
  let best = ",";
  let bestCount = 0;
  for (const d of [",", ";", "\t", "|"]) {
    const count = header.split(d).length - 1;
    if (count > bestCount) [best, bestCount] = [d, count];
  }
  return best;
}
