/** Words too common to count as evidence that a passage matches a query (English). */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  "a an and are as at be but by for from has have how i in into is it its of on or that the their there this to was were what when where which who why will with you".split(" "),
);
