/**
 * A document's stored metadata column (a JSON object) read for display; anything that is not
 * an object, or not JSON at all, reads as no metadata instead of breaking the page.
 */
export function parseMetadata(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
