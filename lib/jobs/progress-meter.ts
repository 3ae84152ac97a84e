/** Progress as shown to users: fraction done, items per second and time left. */
export interface ProgressReading {
  progress: number;
  rate: number | null;
  etaSeconds: number | null;
}

/**
 * Turns a stream of (done, total) observations into a rate and an ETA. The rate is an
 * exponential moving average over time, so one slow batch does not swing the ETA wildly.
 */
export class ProgressMeter {
  private lastDone: number | null = null;
  private lastTime = 0;
  private smoothed: number | null = null;

  constructor(private readonly halfLifeMs = 5000) {}

  /** Records that `done` of `total` items are finished at time `now` (ms). */
  observe(done: number, total: number, now: number): ProgressReading {
    if (this.lastDone !== null && now > this.lastTime && done >= this.lastDone) {
      const instant = ((done - this.lastDone) * 1000) / (now - this.lastTime);
      const keep = Math.pow(0.5, (now - this.lastTime) / this.halfLifeMs);
      this.smoothed = this.smoothed === null ? instant : keep * this.smoothed + (1 - keep) * instant;
    }
    if (this.lastDone === null || now > this.lastTime) {
      this.lastDone = done;
      this.lastTime = now;
    }
    const progress = total > 0 ? Math.min(1, done / total) : 0;
    const rate = this.smoothed;
    const etaSeconds = rate && rate > 0 && total > 0 ? Math.max(0, (total - done) / rate) : null;
    return { progress, rate, etaSeconds };
  }
}
