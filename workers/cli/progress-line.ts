/** Formats progress for a terminal: `  42% 1,234/2,900 · 812/s · ETA 2 s · message`. */
export function progressLine(p: {
  done: number;
  total: number;
  rate?: number | null;
  etaSeconds?: number | null;
  message?: string;
}): string {
  const pct = p.total > 0 ? Math.floor((100 * p.done) / p.total) : 0;
  const parts = [`${String(pct).padStart(3)}% ${p.done.toLocaleString("en")}/${p.total.toLocaleString("en")}`];
  if (p.rate) parts.push(`${p.rate >= 10 ? Math.round(p.rate) : p.rate.toFixed(1)}/s`);
  if (p.etaSeconds !== null && p.etaSeconds !== undefined) parts.push(`ETA ${formatSeconds(p.etaSeconds)}`);
  if (p.message) parts.push(p.message);
  return parts.join(" · ");
}

export function formatSeconds(s: number): string {
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/** Rewrites one stderr line in place when it is a terminal, else prints at most every few seconds. */
export function makeProgressPrinter(stream: NodeJS.WriteStream = process.stderr) {
  let last = 0;
  return (line: string, final = false) => {
    if (stream.isTTY) {
      stream.write(`\r\x1b[2K${line}${final ? "\n" : ""}`);
    } else if (final || Date.now() - last > 2000) {
      stream.write(`${line}\n`);
      last = Date.now();
    }
  };
}
