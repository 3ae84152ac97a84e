/**
 * Byte offset of the first byte that breaks UTF-8 well-formedness (WHATWG / Unicode table 3-7:
 * no overlong forms, no surrogates, nothing above U+10FFFF), or -1 when the bytes are valid.
 * Only called after TextDecoder has already refused the bytes, to tell the user where.
 */
export function findInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = sequenceLength(b, bytes[i + 1]);
    if (length === 0 || i + length > n) return i;
    for (let k = 2; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += length;
  }
  return -1;
}

/** Length of the sequence led by `lead` if its second byte is allowed, else 0. */
function sequenceLength(lead: number, second: number | undefined): number {
  if (second === undefined) return lead >= 0xc2 && lead <= 0xf4 ? Number.MAX_SAFE_INTEGER : 0;
  const cont = (second & 0xc0) === 0x80;
  if (lead >= 0xc2 && lead <= 0xdf) return cont ? 2 : 0;
  if (lead === 0xe0) return second >= 0xa0 && second <= 0xbf ? 3 : 0;
  if (lead === 0xed) return second >= 0x80 && second <= 0x9f ? 3 : 0;
  if (lead >= 0xe1 && lead <= 0xef) return cont ? 3 : 0;
  if (lead === 0xf0) return second >= 0x90 && second <= 0xbf ? 4 : 0;
  if (lead === 0xf4) return second >= 0x80 && second <= 0x8f ? 4 : 0;
  if (lead >= 0xf1 && lead <= 0xf3) return cont ? 4 : 0;
  return 0;
}

/**
 * 1-based line number of a byte offset, counting LF, CRLF and a lone CR each as one line
 * break, the way editors number lines.
 */
export function lineAtByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  const end = Math.min(offset, bytes.length);
  for (let i = 0; i < end; i++) {
    const b = bytes[i];
    if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) line++;
  }
  return line;
}
