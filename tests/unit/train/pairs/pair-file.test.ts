import { describe, expect, it } from "vitest";
import { parsePairFile } from "@/lib/train/pairs/pair-file";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("parsePairFile", () => {
  it("reads a CSV with anchor/positive/negative headers as triplets", () => {
    const file = parsePairFile(
      bytes("anchor,positive,negative\nwhat is tea,tea is a drink,cars have wheels\nhi,hello,\n"),
      "t.csv",
    );
    expect(file.shape).toBe("triplets");
    expect(file.examples[0]).toEqual({
      kind: "pair",
      anchor: "what is tea",
      positive: "tea is a drink",
      negatives: ["cars have wheels"],
    });
    expect(file.examples[1]).toEqual({ kind: "pair", anchor: "hi", positive: "hello" });
  });

  it("reads a headerless STS CSV (numeric third column) as scored pairs", () => {
    const file = parsePairFile(
      bytes('A plane is taking off.,"An air plane, taking off.",5.0\nA man plays.,A dog runs.,0.4\n'),
      "sts.csv",
    );
    expect(file.shape).toBe("scored");
    expect(file.examples).toEqual([
      { kind: "scored", a: "A plane is taking off.", b: "An air plane, taking off.", score: 5 },
      { kind: "scored", a: "A man plays.", b: "A dog runs.", score: 0.4 },
    ]);
  });

  it("reads JSONL with a list of negatives and sentence1/sentence2/score records", () => {
    const triplets = parsePairFile(
      bytes(
        '{"query":"q1","positive":"p1","negatives":["n1","n2"]}\n{"query":"q2","positive":"p2","negatives":"n3"}\n',
      ),
      "t.jsonl",
    );
    expect(triplets.examples[0]).toEqual({ kind: "pair", anchor: "q1", positive: "p1", negatives: ["n1", "n2"] });
    expect(triplets.examples[1]).toEqual({ kind: "pair", anchor: "q2", positive: "p2", negatives: ["n3"] });
    const scored = parsePairFile(bytes('{"sentence1":"a","sentence2":"b","score":3}\n'), "s.jsonl");
    expect(scored.examples).toEqual([{ kind: "scored", a: "a", b: "b", score: 3 }]);
  });

  it("skips rows with an empty text and counts them", () => {
    const file = parsePairFile(bytes("anchor,positive\na,b\n,c\n"), "p.csv");
    expect(file.examples).toHaveLength(1);
    expect(file.skipped).toBe(1);
  });

  it("refuses bad input with the file, the line and what to do", () => {
    expect(() => parsePairFile(bytes(""), "e.csv")).toThrow(/e\.csv: the file is empty/);
    expect(() => parsePairFile(new Uint8Array([0, 1, 2, 3, 0, 0, 7]), "b.csv")).toThrow(/binary/);
    expect(() => parsePairFile(bytes("sentence1,sentence2,score\na,b,high\n"), "s.csv")).toThrow(
      /s\.csv, line 2: the score "high" is not a number/,
    );
    expect(() => parsePairFile(bytes("anchor,foo\na,b\n"), "h.csv")).toThrow(/needs two text columns/);
    expect(() => parsePairFile(bytes('{"a": 1\n'), "j.jsonl")).toThrow(/line 1: not valid JSON/);
    expect(() => parsePairFile(bytes("anchor,positive\n,\n"), "x.csv")).toThrow(/no row has both texts/);
  });
});
