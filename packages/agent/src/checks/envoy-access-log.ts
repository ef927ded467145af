import type { CauseKind } from './check-result.js';

/*
 * Envoy's access log (Istio's sidecars, Envoy Gateway, Contour, Ambassador...)
 * says in one field why a request failed: the response flags
 * (https://www.envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage,
 * `%RESPONSE_FLAGS%`), and in another whom it was for: the upstream cluster
 * (`outbound|9080||ratings.bookinfo.svc.cluster.local`). A line such as
 * `"GET /ratings/0 HTTP/1.1" 503 UF ... outbound|9080||ratings...` is the
 * caller's sidecar saying ratings could not be reached, whatever the words.
 */

/** Response flags (short form) and the kind of cause each names. */
const FLAG_KINDS: ReadonlyArray<{ flags: RegExp; kind: CauseKind }> = [
  // Fault injection (DI delay, FI abort) and a missing route are configuration.
  { flags: /^(?:FI|DI|NR|NC)$/, kind: 'config_change' },
  { flags: /^DF$/, kind: 'dns' },
  { flags: /^RL$/, kind: 'traffic_surge' },
  // Upstream request / stream duration timeouts: the upstream is slow.
  { flags: /^(?:UT|DT)$/, kind: 'slow_dependency' },
  // No healthy upstream, connection failure, retry limit, resets, overflow, failed health checks.
  { flags: /^(?:UH|UF|URX|UR|UC|UO|LH|LR)$/, kind: 'dependency_failure' },
];

/** The status code and response flags after the quoted request line: `HTTP/1.1" 503 UF,URX `. */
const STATUS_AND_FLAGS = /HTTP\/[\d.]+"\s+(\d{3}|0|<\*>)\s+([A-Z]{2,4}(?:,[A-Z]{2,4})*)\s/;

/** The cause kind an Envoy access-log line's response flags name, or null for other lines. */
export function envoyFlagKind(text: string): CauseKind | null {
  const flags = STATUS_AND_FLAGS.exec(text)?.[2]?.split(',') ?? [];
  // Envoy's details say why the upstream connection failed: one that timed out is the network path.
  if (flags.includes('UF') && /connection_timeout/.test(text)) return 'network';
  for (const { flags: pattern, kind } of FLAG_KINDS)
    if (flags.some((flag) => pattern.test(flag))) return kind;
  return null;
}

/** The host an outbound upstream cluster names (`outbound|9080|v2|ratings.bookinfo.svc.cluster.local` -> `ratings`). */
export function envoyUpstreamHost(text: string): string | null {
  const host = /\boutbound\|\d*\|[^|\s]*\|([A-Za-z0-9.-]+)/.exec(text)?.[1];
  return host ? host.split('.')[0]!.toLowerCase() : null;
}
