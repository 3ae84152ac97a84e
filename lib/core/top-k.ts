/**
 * Indices of the k largest scores, best first; ties go to the lower index so that rankings
 * are reproducible. A size-k min-heap: O(n log k) time, O(k) memory, for corpora of any size.
 */
export function topK(scores: ArrayLike<number>, k: number): number[] {
  const size = Math.min(k, scores.length);
  if (size <= 0) return [];
  // "a ranks below b": lower score, or equal score and higher index.
  const below = (a: number, b: number) => scores[a] < scores[b] || (scores[a] === scores[b] && a > b);
  const heap: number[] = []; // heap[0] is the worst of the kept
  for (let i = 0; i < scores.length; i++) {
    if (heap.length < size) {
      heap.push(i);
      siftUp(heap, heap.length - 1, below);
    } else if (below(heap[0], i)) {
      heap[0] = i;
      siftDown(heap, 0, below);
    }
  }
  return heap.sort((a, b) => (below(a, b) ? 1 : below(b, a) ? -1 : 0));
}

function siftUp(heap: number[], at: number, below: (a: number, b: number) => boolean): void {
  let child = at;
  while (child > 0) {
    const parent = (child - 1) >> 1;
    if (!below(heap[child], heap[parent])) return;
    [heap[child], heap[parent]] = [heap[parent], heap[child]];
    child = parent;
  }
}

function siftDown(heap: number[], at: number, below: (a: number, b: number) => boolean): void {
  let parent = at;
  for (;;) {
    const left = 2 * parent + 1;
    const right = left + 1;
    let worst = parent;
    if (left < heap.length && below(heap[left], heap[worst])) worst = left;
    if (right < heap.length && below(heap[right], heap[worst])) worst = right;
    if (worst === parent) return;
    [heap[worst], heap[parent]] = [heap[parent], heap[worst]];
    parent = worst;
  }
}
