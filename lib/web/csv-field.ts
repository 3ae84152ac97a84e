/** Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number such as `-1` or `-0.12345` is data, not a formula, and stays as it is. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * One CSV field, quoted when it holds a comma, quote or line break. Text that a spreadsheet
 * would run as a formula (`=HYPERLINK(...)`, or `+`, `-`, `@`, tab, CR first) gets a leading `'`
 * so it opens as text; plain numbers (a cluster id of −1, a negative coordinate) are kept.
 */
export function csvField(value: string | number): string {
  let text = String(value);
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
