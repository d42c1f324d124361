/**
 * The in-process hand-off between the gateway and the evaluation worker. `push` never waits, so
 * a request never pays for an evaluation; the queue is bounded, so a slow worker costs dropped
 * evaluations (counted) rather than memory. Jobs are consumed one at a time, in order.
 */
export interface QueueStats {
  done: number;
  dropped: number;
  /** Why jobs failed, so the caller can report it. */
  failures: string[];
}

export class JobQueue<T> {
  readonly stats: QueueStats = { done: 0, dropped: 0, failures: [] };
  private readonly waiting: T[] = [];
  private readonly idleWaiters: Array<() => void> = [];
  private running = false;

  constructor(
    private readonly consume: (job: T) => Promise<unknown>,
    private readonly capacity = 256,
  ) {}

  push(job: T): void {
    if (this.waiting.length >= this.capacity) {
      this.stats.dropped++;
      return;
    }
    this.waiting.push(job);
    if (!this.running) void this.pump();
  }

  /** Resolves once every job pushed so far has been consumed. */
  drained(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async pump(): Promise<void> {
    this.running = true;
    for (let job = this.waiting.shift(); job !== undefined; job = this.waiting.shift()) {
      try {
        await this.consume(job);
        this.stats.done++;
      } catch (error) {
        this.stats.failures.push(error instanceof Error ? error.message : String(error));
      }
    }
    this.running = false;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
