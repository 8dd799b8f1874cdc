import type { Clock } from "./clock.js";

/** The counts of one interval of an `IntervalTally`. */
export interface TallyReport {
  /** Length of the interval in seconds, measured with the tally's clock. */
  intervalSeconds: number;
  /** Events counted. */
  total: number;
  /** Events per kind, such as the reason of a failure. */
  kinds: Record<string, number>;
  /** Distinct keys counted, at most `maxKeys`. */
  keys: number;
  /** Events whose key arrived after `maxKeys` keys were counted. */
  untrackedEvents: number;
  /** The keys with the highest counts, highest first. */
  top: { key: string; count: number }[];
}

export interface IntervalTallyOptions {
  clock: Clock;
  /** Length of an interval in milliseconds. */
  intervalMs: number;
  /** Maximum distinct keys counted per interval, which bounds the tally's memory. */
  maxKeys: number;
  /** Number of keys a report lists. @default 5 */
  topCount?: number;
  /** Receives one report per interval that counted an event. */
  report(report: TallyReport): void;
}

/**
 * Counts events per key, such as a client address, and reports them once
 * per interval, so that a flood of events writes one log line per interval
 * instead of one per event.
 */
export class IntervalTally {
  readonly #options: IntervalTallyOptions;
  readonly #timer: ReturnType<typeof setInterval>;
  #counts = new Map<string, number>();
  #kinds = new Map<string, number>();
  #total = 0;
  #untracked = 0;
  #startedAt: number;

  constructor(options: IntervalTallyOptions) {
    this.#options = options;
    this.#startedAt = options.clock.now();
    this.#timer = setInterval(() => this.flush(), options.intervalMs);
    this.#timer.unref();
  }

  /** Counts one event of a kind for a key, reporting the previous interval first when it has ended. */
  add(key: string, kind: string): void {
    if (this.#options.clock.now() - this.#startedAt >= this.#options.intervalMs) this.flush();

    this.#total += 1;
    this.#kinds.set(kind, (this.#kinds.get(kind) ?? 0) + 1);
    const count = this.#counts.get(key);
    if (count !== undefined) {
      this.#counts.set(key, count + 1);
    } else if (this.#counts.size < this.#options.maxKeys) {
      this.#counts.set(key, 1);
    } else {
      this.#untracked += 1;
    }
  }

  /** Reports the current interval when it counted anything, and starts the next one. */
  flush(): void {
    const now = this.#options.clock.now();
    if (this.#total > 0) {
      this.#options.report({
        intervalSeconds: Math.round((now - this.#startedAt) / 1000),
        total: this.#total,
        kinds: Object.fromEntries(this.#kinds),
        keys: this.#counts.size,
        untrackedEvents: this.#untracked,
        top: topEntries(this.#counts, this.#options.topCount ?? 5),
      });
    }

    this.#counts = new Map();
    this.#kinds = new Map();
    this.#total = 0;
    this.#untracked = 0;
    this.#startedAt = now;
  }

  /** Stops the interval timer and reports what is left. */
  close(): void {
    clearInterval(this.#timer);
    this.flush();
  }
}

/** Returns the `limit` entries with the highest counts, highest first, in one pass over the map. */
function topEntries(counts: ReadonlyMap<string, number>, limit: number): { key: string; count: number }[] {
  const top: { key: string; count: number }[] = [];
  for (const [key, count] of counts) {
    if (top.length === limit && count <= (top.at(-1)?.count ?? 0)) continue;

    const position = top.findIndex((entry) => entry.count < count);
    top.splice(position === -1 ? top.length : position, 0, { key, count });
    if (top.length > limit) top.pop();
  }

  return top;
}
