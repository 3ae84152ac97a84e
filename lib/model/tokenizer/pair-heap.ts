/**
 * Max-heap of (score, pair key) for the WordPiece trainer; ties go to the smaller key so that
 * training is deterministic. Entries are never updated in place: the trainer pushes a fresh
 * entry when a pair's score moves and skips stale ones when they surface.
 */
export class PairHeap {
  private scores: number[] = [];
  private keys: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  clear(): void {
    this.scores = [];
    this.keys = [];
  }

  private above(i: number, j: number): boolean {
    const d = this.scores[i] - this.scores[j];
    return d > 0 || (d === 0 && this.keys[i] < this.keys[j]);
  }

  private swap(i: number, j: number): void {
    [this.scores[i], this.scores[j]] = [this.scores[j], this.scores[i]];
    [this.keys[i], this.keys[j]] = [this.keys[j], this.keys[i]];
  }

  push(score: number, key: number): void {
    let i = this.keys.length;
    this.scores.push(score);
    this.keys.push(key);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.above(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Removes the top; returns [score, key]. */
  pop(): [number, number] {
    const top: [number, number] = [this.scores[0], this.keys[0]];
    const last = this.keys.length - 1;
    this.swap(0, last);
    this.scores.pop();
    this.keys.pop();
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < last && this.above(l, best)) best = l;
      if (r < last && this.above(r, best)) best = r;
      if (best === i) break;
      this.swap(i, best);
      i = best;
    }
    return top;
  }
}
