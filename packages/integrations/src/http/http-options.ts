/** How integration requests may travel; every client takes one of these. */
export interface HttpPolicy {
  /**
   * Allow private and loopback addresses (10/8, 172.16/12, 192.168/16,
   * 127/8, ::1, fc00::/7). Link-local and cloud metadata addresses stay
   * blocked whatever this says.
   */
  allowPrivate: boolean;
  /** Deadline for one call, redirects and body included. Default 10 000 ms. */
  timeoutMs?: number;
  /** Largest response body accepted. Default 10 MiB. */
  maxResponseBytes?: number;
  /** Name resolution; tests inject one to simulate DNS answers. Default: the system resolver. */
  resolve?: Resolver;
}

/** Resolves a host name to every address it has. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
export const MAX_REDIRECTS = 3;
