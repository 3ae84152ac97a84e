import { STOP_WORDS } from "@/lib/text/stop-words";

/**
 * Words that say nothing about what a cluster is about (English): the search stop words plus
 * common function words, auxiliaries and fillers, so that keywords are content words.
 */
export const KEYWORD_STOP_WORDS: ReadonlySet<string> = new Set([
  ...STOP_WORDS,
  ..."about above after again against all also am among any because been before being below between both can cannot could did do does doing done down during each even ever every few further had having he her here hers herself him himself his however if into itself just least less like made make makes many may me might more most much must my myself near neither no nor not now off often once one only other others our ours ourselves out over own per perhaps quite rather really same several shall she should since so some such than then thence these they those though through thus too under until up upon us use used uses using very via we well whether while whom whose within without would yet your yours yourself yourselves get gets got new way ways many first two three also around each across along".split(
    " ",
  ),
]);
