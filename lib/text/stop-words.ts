/**
 * Words too common to count as evidence that a passage matches a query (English): articles,
 * pronouns, prepositions, conjunctions, auxiliaries and the lightest verbs ("do", "go", "get").
 * Only function words: content words that are merely frequent ("new", "make", "water") stay
 * searchable, and so does "not", which changes what a query means. Search leaves these out of
 * keyword queries, highlights and shared-word explanations; cluster keywords extend the list.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  [
    // articles, determiners, quantifiers
    "a an the this that these those some any each every either neither both all such no other another own same",
    // pronouns
    "i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it its itself they them their theirs themselves",
    "what which who whom whose whatever whoever",
    // prepositions
    "about above across after against along among amongst around at before behind below beneath beside besides between beyond by down during except for from in inside into of off on onto out outside over per since through throughout till to toward towards under underneath until unto up upon via with within without",
    // conjunctions and connectives
    "and but or nor so yet if then than because as although though while whereas whether unless once also too either",
    // question and place/time adverbs
    "how when where why there here",
    // auxiliaries and modals
    "am is are was were be been being has have had having do does did doing done can could may might must shall should will would",
    // light verbs that carry no topic
    "go goes going gone went get gets got getting gotten",
    // fillers
    "just very really quite rather",
  ]
    .join(" ")
    .split(" "),
);

/** Whether a word (any case) is a stop word. */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word.toLowerCase());
}
