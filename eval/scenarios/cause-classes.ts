/**
 * Kinds of root cause, each recognised by the words people (and our
 * analyst) use for it. A report's cause is classified by the kind named
 * first, so "payments is CPU-saturated: ... p99 latency 1.2 s" is a CPU
 * cause even though it mentions latency.
 */
export const causeClassPatterns = {
  cpu: /\bcpu\b|throttl|hot loop/i,
  memory: /memory|\boom|out ?of ?memory|heap|leak/i,
  deploy: /deploy|roll(?:ed)? ?out|rollout|new version|\brelease\b|\bv\d+\.\d+\.\d+/i,
  pool: /connection pool|pool (?:is )?exhaust|exhausted its connection|hikari|connections? (?:is |are )?not available/i,
  unavailable: /\bdown\b|unreachable|unavailable|not ready|connection refused|outage/i,
  disk: /\bdisk\b|no space left|volume (?:is )?full|filesystem/i,
  certificate: /certificate|x509|\btls\b|\bssl\b/i,
  dns: /enotfound|getaddrinfo|cannot resolve|\bdns\b|host ?name/i,
  config: /config(?:uration|map)?\b/i,
  traffic: /traffic|surge|request rate|rate[- ]limit|too many requests|\b429\b/i,
  workload: /backfill|batch job|\bjob\b|noisy neighbou?r/i,
  code_error: /exception|null ?pointer|\bbug\b|stack ?trace|\bpanic\b/i,
  slow_dependency: /slow|latency|took \d|timed? ?out|waits? on/i,
  // Added for the independent corpus; after the others, so a tie (same position) keeps the older class.
  network:
    /packet loss|dropped packets|retransmi|network (?:delay|latency|partition|loss|jitter|problem)|\bnetem\b/i,
  queue:
    /consumer (?:group )?lag|\blag(?:ging)?\b|backlog|queue (?:depth|is (?:full|growing))|falling behind/i,
  connections:
    /too many (?:open files|clients|connections)|max_connections|\bemfile\b|file descriptors?|ephemeral ports?|cannot assign requested address|(?:sockets?|connections?|file descriptors?) (?:are |is )?(?:exhausted|saturated)|connection limit/i,
  // Case-sensitive on purpose: exception class names (TypeError, IllegalStateException), `Error: ` lines, span error status, gRPC errors, a service failing its own requests.
  exception:
    /STATUS_CODE_ERROR|\bError: |[Rr]eturns? errors|\b[A-Z][a-z]+(?:[A-Z][a-z]*)*(?:Error|Exception)\b|Traceback|[Uu]nhandled (?:exception|error|rejection)|[Uu]ncaught|rpc error|[Ff]eature [Ff]lag/,
  gc: /garbage[- ]collect|\bgc\b|stop-the-world|gc pause/i,
} as const satisfies Record<string, RegExp>;

export type CauseClass = keyof typeof causeClassPatterns;

/** Every cause class the text names, in the order they first appear. */
export function causeClassesOf(text: string): CauseClass[] {
  return (Object.entries(causeClassPatterns) as Array<[CauseClass, RegExp]>)
    .map(([cause, pattern]) => ({ cause, at: pattern.exec(text)?.index ?? -1 }))
    .filter((hit) => hit.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((hit) => hit.cause);
}

/** The cause class the text leads with, or null when it names none. */
export function primaryCauseClass(text: string): CauseClass | null {
  return causeClassesOf(text)[0] ?? null;
}
