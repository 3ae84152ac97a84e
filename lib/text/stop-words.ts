/**
 * Words too common to count as evidence that a passage matches a query (English, and Chinese
 * and Japanese as the word segmenter cuts them): articles,
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
    // Chinese: particles, pronouns, prepositions, conjunctions, measure words and the copula
    // ("不" stays searchable, like "not"); as lib/text/segment-words cuts them
    "的 地 得 了 着 过 之 其 所 者 吗 呢 吧 啊 呀 嘛",
    "我 你 您 他 她 它 我们 你们 他们 她们 它们 自己 这 那 这个 那个 这些 那些 这样 那样 这种 那种 这里 那里 哪 哪个 什么 谁",
    "在 从 到 向 于 以 为 对 对于 把 被 给 跟 和 与 及 以及 或 或者 并 并且 而 而且 但 但是 因为 所以 如果 虽然 因此 然后 也 都 就 还 又 才 很 更 最",
    "是 有 会 能 可以 要 将 一个 一种 一些 个 种 些 等",
    // Japanese particles and copula
    "の に は を が で と も へ や から まで より です ます た て し",
  ]
    .join(" ")
    .split(" "),
);

/** Whether a word (any case) is a stop word. */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word.toLowerCase());
}
