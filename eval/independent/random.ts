/** FNV-1a over the UTF-16 code units of `text`: a stable 32-bit key for a seed. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** Lower-case hex string of `length` characters. */
  hex(length: number): string;
}

/**
 * A small deterministic generator (mulberry32) keyed by the run's seed and a
 * name: every series and log stream draws from its own generator, so one
 * series' values never depend on which other series were generated first.
 */
export function rngFor(seed: number, key: string): Rng {
  let state = hash32(`${seed}\u0000${key}`) || 1;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    normal() {
      const u = Math.max(next(), 1e-12);
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    hex(length) {
      let out = '';
      while (out.length < length) out += Math.floor(next() * 16).toString(16);
      return out;
    },
  };
  return rng;
}

/** Kubernetes-style pod name suffix: a replica-set hash and a 5-character id. */
export function podSuffix(rng: Rng): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const part = (n: number) =>
    Array.from({ length: n }, () => alphabet[Math.floor(rng.next() * alphabet.length)]).join('');
  return `${part(9)}-${part(5)}`;
}
