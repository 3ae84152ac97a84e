/**
 * The texts the similarity form starts with: two paraphrases (1 and 2) and two sentences about
 * other things, so the first comparison already shows what a good model does.
 */
export const EXAMPLE_TEXTS = [
  "A man is playing a guitar on stage.",
  "Someone performs a song on the guitar in front of an audience.",
  "The stock market fell sharply after the interest rate announcement.",
  "Fresh basil grows best in warm, sunny spots.",
];

/** The API's limits, mirrored so the form can say so before sending. */
export const MIN_TEXTS = 2;
export const MAX_TEXTS = 16;
export const MAX_TEXT_CHARS = 2000;
