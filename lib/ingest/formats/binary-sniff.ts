/** How much of the start of a file is inspected for control characters. */
export const SNIFF_BYTES = 8 * 1024;

/**
 * True when the bytes look like a binary file rather than text: a NUL byte anywhere (no text
 * format uses it, and it is the surest sign of a binary), or more than 10% control characters
 * other than tab, line feed, form feed and carriage return in the first 8 KiB.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  if (bytes.indexOf(0) !== -1) return true;
  const n = Math.min(bytes.length, SNIFF_BYTES);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) || b === 0x7f) controls++;
  }
  return controls > Math.max(1, n * 0.1);
}

/** True when the bytes start with a UTF-16 byte-order mark (a common "Unicode" export). */
export function hasUtf16Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
}
