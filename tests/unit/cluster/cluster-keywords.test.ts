import { describe, expect, it } from "vitest";
import { clusterKeywords, keywordLabel, keywordTokens } from "@/lib/cluster/cluster-keywords";

const corpus: [string, number][] = [
  ["The telescope mirror gathers light from distant galaxies.", 0],
  ["Astronomers point the telescope at a galaxy cluster.", 0],
  ["A bigger mirror lets the telescope see fainter galaxies.", 0],
  ["Knead the dough and let the bread rise overnight.", 1],
  ["Sourdough bread needs a lively starter and patient dough.", 1],
  ["Bake the bread until the crust of the dough is golden.", 1],
  ["The router forwards packets between networks.", 2],
  ["Packets are dropped when the router queue is full.", 2],
  ["Each router keeps a table of networks and next hops for packets.", 2],
  ["Some unrelated line about the weather.", -1],
];

describe("c-TF-IDF cluster keywords", () => {
  it("names each cluster of a hand-made corpus by its content words", () => {
    const keywords = clusterKeywords(
      corpus.map(([t]) => t),
      corpus.map(([, c]) => c),
      3,
      { top: 4 },
    );
    const terms = keywords.map((list) => list.map((k) => k.term));
    expect(terms[0]).toEqual(expect.arrayContaining(["telescope", "mirror"]));
    expect(terms[1]).toEqual(expect.arrayContaining(["bread", "dough"]));
    expect(terms[2]).toEqual(expect.arrayContaining(["router", "packets"]));
    for (const list of terms) for (const stop of ["the", "and", "from", "when"]) expect(list).not.toContain(stop);
    expect(keywordLabel(keywords[0])).toMatch(/telescope/);
  });

  it("keeps content words and drops stop words, numbers and short words", () => {
    expect(keywordTokens("The 3 cats' owner's cat-flap is AT home, 42x")).toEqual([
      "cats",
      "owner",
      "cat-flap",
      "home",
    ]);
  });
});
