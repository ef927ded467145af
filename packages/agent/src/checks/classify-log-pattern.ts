import type { CauseKind } from './check-result.js';

/*
 * What a log pattern says about the cause, from its words. First match wins,
 * so specific mechanisms (a full disk, an expired certificate) come before
 * generic failures. The words are the ones real stacks print: errno names,
 * JVM exceptions, driver and proxy messages.
 */
const rules: Array<{ kind: CauseKind; pattern: RegExp }> = [
  {
    kind: 'disk_full',
    pattern: /no space left|disk (?:is )?full|ENOSPC|could not extend file|disk quota exceeded/i,
  },
  {
    kind: 'certificate',
    pattern:
      /x509|certificate (?:has )?expired|certificate verify failed|tls handshake|ssl handshake|CERT_HAS_EXPIRED|unknown certificate/i,
  },
  {
    kind: 'dns',
    pattern:
      /ENOTFOUND|EAI_AGAIN|no such host|NXDOMAIN|name resolution|could not resolve host|UnknownHostException|getaddrinfo/i,
  },
  {
    kind: 'oom',
    pattern:
      /OutOfMemoryError|OOMKilled|out of memory|exit code 137|Cannot allocate memory|heap out of memory/i,
  },
  {
    kind: 'pool_exhaustion',
    pattern:
      /connection is not available|pool (?:is )?exhausted|HikariPool.*(?:timed out|total=)|too many (?:connections|clients)|remaining connection slots|timeout acquiring|unable to acquire (?:a )?connection|connection leak/i,
  },
  {
    kind: 'unavailable',
    pattern:
      /SIGTERM|shutting down|shutdown|ready to exit|bye bye|exiting|terminated|evicted|crashloopbackoff/i,
  },
  {
    kind: 'dependency_failure',
    pattern:
      /connection refused|ECONNREFUSED|unable to connect|could not connect|connection reset|ECONNRESET|no route to host|unreachable|ConnectionException|dial tcp|broken pipe|503 service unavailable/i,
  },
  // "slow request ... took 2s" is the service's own latency (a symptom); slowness of a call it makes is a dependency.
  {
    kind: 'latency',
    pattern: /\bslow (?:request|response|endpoint|handler)\b|\brequest\b.{0,60}\btook\b/i,
  },
  {
    kind: 'slow_dependency',
    pattern:
      /\bslow\b|took \d+\s*m?s|timed? ?out|timeout|deadline exceeded|ETIMEDOUT|event loop lag/i,
  },
  { kind: 'memory_growth', pattern: /GC overhead|heap usage|memory pressure|allocation failure/i },
  { kind: 'traffic_surge', pattern: /rate limit|too many requests|\b429\b|throttled request/i },
  {
    kind: 'config_change',
    pattern:
      /invalid config|configuration error|missing (?:required )?(?:config|env|environment variable|setting)|failed to (?:load|parse) config/i,
  },
  {
    kind: 'errors',
    pattern: /error|exception|fail|fatal|panic|critical|denied|invalid|refused|unavailable|abort/i,
  },
];

/** A crash signature of application code (rather than a message about some dependency). */
const EXCEPTION =
  /\b[A-Z]\w*(?:Exception|Error)\b|\bpanic:|Traceback \(most recent call last\)|\bat [\w.$]+\([\w]+\.(?:java|kt|scala):\d+\)|\bSegmentation fault\b/;

/**
 * The cause kind a log pattern points at, or null for ordinary chatter. A
 * *new* exception that names no more specific mechanism is itself a finding
 * (a code path that never failed before now does): that is how a bad deploy
 * looks when no deploy record is at hand.
 */
export function classifyLogPattern(text: string, isNew = false): CauseKind | null {
  const kind = rules.find((rule) => rule.pattern.test(text))?.kind ?? null;
  if (kind === 'errors' && isNew && EXCEPTION.test(text)) return 'app_exception';
  return kind;
}

/**
 * A template as people read it: the timestamp, thread and logger prefix of
 * Java-style lines (`<*> <*> ERROR <*> --- [exec-<*>] c.s.OrderService : msg`)
 * reduced to level, logger and message.
 */
export function displayTemplate(template: string): string {
  const java = /^(?:<\*>\s+)*([A-Z]+)\s+(?:<\*>\s+)?---\s+\[[^\]]*\]\s+(\S+)\s+:\s+(.*)$/.exec(
    template,
  );
  if (java) return `${java[1]} ${java[2]}: ${java[3]}`;
  return template.replace(/^(?:<\*>\s+)+/, '');
}

/** Kinds whose log lines usually describe a dependency, so a service named in them is the one to blame. */
const attributable: ReadonlySet<CauseKind> = new Set([
  'dependency_failure',
  'slow_dependency',
  'unavailable',
  'disk_full',
]);

/** Words of a line that could name a host: URL paths (`/api/orders`) are routes, not services, so they are left out. */
function tokens(text: string): string[] {
  return text
    .replace(/(?<![:/\w])\/[^\s"']*/g, ' ')
    .toLowerCase()
    .split(/[^a-z0-9_-]+/)
    .filter((t) => t.length > 0);
}

/**
 * The service a log line blames, when it names one other than its author:
 * "Unable to connect to redis:6379" in orders' logs blames redis. A token
 * names a service when it equals it or adds at most two letters
 * (`postgresql` for `postgres`).
 */
export function blamedService(
  text: string,
  kind: CauseKind,
  author: string,
  services: readonly string[],
): string | null {
  if (!attributable.has(kind)) return null;
  const words = tokens(text);
  for (const service of services) {
    const name = service.toLowerCase();
    if (name === author.toLowerCase() || name.length < 3) continue;
    if (
      words.some(
        (word) =>
          word === name ||
          (name.length >= 5 && word.startsWith(name) && word.length - name.length <= 2),
      )
    )
      return service;
  }
  return null;
}
