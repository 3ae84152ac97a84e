import type { ScoredId } from "@/lib/index/scored-id";

/**
 * Merges result lists whose scores are not comparable (each corpus searched with its own model:
 * one model's cosines may all sit around 0.5, another's around 0.8) by rank, not by score:
 * every list's first result, then every list's second, and so on (pure).
 *
 * Within one rank the lists are ordered by how far that result stands above its own list
 * (its score minus the list's mean, in the list's standard deviations), a scale-free measure:
 * a clear match beats a result that is first only because its list had to have a first.
 * Each result keeps the score its own list gave it.
 *
 * @param lists - one list per source, each best first
 * @param depth - how many merged results to return
 */
export function mergeByRank(lists: ScoredId[][], depth: number): ScoredId[] {
  if (lists.length <= 1) return (lists[0] ?? []).slice(0, depth);
  const standing = lists.map((list) => {
    const mean = list.reduce((s, r) => s + r.score, 0) / Math.max(1, list.length);
    const sd = Math.sqrt(list.reduce((s, r) => s + (r.score - mean) ** 2, 0) / Math.max(1, list.length));
    return (score: number) => (sd > 0 ? (score - mean) / sd : 0);
  });
  const merged: ScoredId[] = [];
  const seen = new Set<number>();
  const longest = Math.max(...lists.map((l) => l.length));
  for (let rank = 0; rank < longest && merged.length < depth; rank++) {
    const tier = lists
      .map((list, i) => ({ hit: list[rank], z: list[rank] ? standing[i](list[rank].score) : 0 }))
      .filter((t): t is { hit: ScoredId; z: number } => t.hit !== undefined)
      .sort((a, b) => b.z - a.z || b.hit.score - a.hit.score || a.hit.id - b.hit.id);
    for (const { hit } of tier) {
      if (seen.has(hit.id)) continue;
      seen.add(hit.id);
      merged.push(hit);
    }
  }
  return merged.slice(0, depth);
}
