import { AppError } from '@vibemonitor/contracts';

/** Counts concurrent holders per key (a client IP) in this process and refuses past a limit. */
export interface ConcurrencyLimiter {
  readonly limit: number;
  /** Takes a slot for `key` or throws TOO_MANY_REQUESTS; call the returned function exactly once to free it. */
  acquire(key: string, what: string): () => void;
  /** Slots held for `key` (tests and metrics). */
  held(key: string): number;
}

export function createConcurrencyLimiter(limit: number): ConcurrencyLimiter {
  const counts = new Map<string, number>();
  return {
    limit,
    acquire(key, what) {
      const current = counts.get(key) ?? 0;
      if (current >= limit) {
        throw new AppError(
          'TOO_MANY_REQUESTS',
          `At most ${limit} ${what} may be open at once from one address; close one and retry.`,
        );
      }
      counts.set(key, current + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (counts.get(key) ?? 1) - 1;
        if (left <= 0) counts.delete(key);
        else counts.set(key, left);
      };
    },
    held: (key) => counts.get(key) ?? 0,
  };
}
