// A byte budget: at most `capacity` bytes of file bodies held in memory by uploads at once.

export class ByteBudget {
  private used = 0;
  private readonly waiting: { n: number; go: () => void }[] = [];

  constructor(private readonly capacity: number) {}

  /** Runs `fn` once `n` bytes (capped at the capacity, so a big body still runs alone) are free. */
  async use<T>(bytes: number, fn: () => Promise<T>): Promise<T> {
    const n = Math.min(Math.max(bytes, 0), this.capacity);
    if (this.waiting.length > 0 || this.used + n > this.capacity) {
      await new Promise<void>((go) => this.waiting.push({ n, go }));
    } else {
      this.used += n;
    }
    try {
      return await fn();
    } finally {
      this.used -= n;
      // First come, first served: a large body is not starved by a stream of small ones.
      while (this.waiting.length > 0 && this.used + this.waiting[0]!.n <= this.capacity) {
        const next = this.waiting.shift()!;
        this.used += next.n;
        next.go();
      }
    }
  }
}
