import { serviceByAddress } from './address-book.js';
import { isGeneratedSuffixOf } from '../evidence/index.js';
import type { CauseKind } from './check-result.js';
import { envoyFlagKind, envoyUpstreamHost } from './envoy-access-log.js';

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
      /x509|certificate (?:has )?expired|certificate verify failed|tls handshake|ssl handshake|CERT_HAS_EXPIRED|unknown certificate|Certificate(?:Expired|NotYetValid)Exception|PKIX path (?:validation|building) failed|SSLHandshakeException/i,
  },
  // The process's own descriptors or ports ran out: "connect EMFILE 10.0.0.5:80" and "getaddrinfo EMFILE user"
  // name a dependency, but the shortage is the author's (before dns: getaddrinfo fails for the same reason).
  {
    kind: 'fd_exhaustion',
    pattern:
      /\bEMFILE\b|\bENFILE\b|too many open files|file table overflow|EADDRNOTAVAIL|cannot assign requested address/i,
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
  // Pool acquisition as the common clients word it: HikariCP, node-postgres, SQLAlchemy, pgx, Knex,
  // Sequelize, DBCP, Hibernate, Apache HttpClient; and the server's own limit (PostgreSQL, MySQL).
  {
    kind: 'pool_exhaustion',
    pattern:
      /connection is not available|pool (?:is )?(?:exhausted|full)|HikariPool.*(?:timed out|total=)|too many (?:connections|clients)|remaining connection slots|timeout acquiring|unable to acquire (?:a |JDBC )?connection|connection leak|timeout exceeded when trying to connect|QueuePool limit|failed to acquire (?:a )?conn|acquire(?:ing)? (?:a )?conn\w* (?:from (?:the )?pool )?timed? ?out|ConnectionAcquireTimeoutError|ResourceRequest timed out|timeout waiting for (?:idle object|connection from pool)|could not (?:get|obtain) (?:a )?(?:jdbc )?connection|connection pool (?:timeout|exhausted)|pool timed? ?out|max(?:imum)? (?:number of )?(?:open )?connections reached|sorry, too many clients|checking out a connection from (?:the )?(?:connection )?pool|waiting for a (?:pooled )?connection from (?:the )?pool|WaitQueueTimeout|maxPoolSize/i,
  },
  // gunicorn kills a worker that served one request for longer than its timeout: slowness, not an outage.
  { kind: 'latency', pattern: /WORKER TIMEOUT/ },
  {
    kind: 'unavailable',
    pattern:
      /SIGTERM|shutting down|shutdown|ready to exit|bye bye|exiting|(?:process|container|pod|worker|instance|server) (?:was )?terminated|terminated by signal|evicted|crashloopbackoff/i,
  },
  // A connection that times out, unlike one refused, means packets do not arrive: a lossy or
  // partitioned path to a callee that is still there (a callee that is down refuses or resets).
  {
    kind: 'network',
    pattern:
      /connect(?:ion)? timed? ?out|connect ETIMEDOUT|dial tcp \S+: i\/o timeout|ConnectTimeoutException|connection_timeout/i,
  },
  {
    kind: 'dependency_failure',
    pattern:
      /connection refused|ECONNREFUSED|unable to connect|could not connect|connection reset|ECONNRESET|no route to host|unreachable|ConnectionException|dial tcp|broken pipe|503 service unavailable|circuit ?breaker (?:is )?open|EHOSTUNREACH|connection (?:closed|aborted) by peer|failed to connect|connect(?:ion)? failed|upstream connect error|no healthy upstream|stream isn't writeable|connection is closed|MaxRetriesPerRequestError|connection terminated unexpectedly|not queryable|Error 111 connecting|client is closed|server closed the connection unexpectedly|communications link failure/i,
  },
  // (The last ones above are common clients' words for a lost server: ioredis, node-postgres,
  // redis-py, go-redis, libpq, MySQL Connector/J.)
  // Overload announced by the service itself: load shedding, rate limiting, queues at capacity.
  {
    kind: 'traffic_surge',
    pattern:
      /rate.?limit|too many requests|\b429\b|throttled request|load.?shed|shedding (?:load|requests)|over(?:loaded| capacity)|server (?:is )?busy|requests? (?:rate )?(?:above|exceed(?:s|ed|ing)?) (?:normal|the limit|limit|threshold|capacity|baseline)|(?:request|work|accept) queue (?:is )?full|too many concurrent|concurrency limit/i,
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
  // A proxy's access log states the reason in its response flags, which outrank its words.
  const proxied = envoyFlagKind(text);
  if (proxied !== null) return proxied;
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
  // "lookup payment on 10.0.0.10:53: no such host": the name that does not resolve is the dependency's.
  'dns',
  // "dial tcp ratings:9080: i/o timeout": the path to the service it names.
  'network',
  // "PKIX path validation failed ... https://payment:8443": the certificate the named server presents.
  'certificate',
]);

/**
 * An error a caller relays from something it called: gRPC's "rpc error ...
 * desc =", "failed to get/charge/fetch ...", "error from", an upstream's
 * status. A service named in such a line is where the error came from.
 */
const RELAYED_ERROR =
  /rpc error|CircuitBreaker '?[\w-]+'? is OPEN|CallNotPermittedException|\b[a-z][a-z0-9_]+\.(?:errors?|exceptions?)\.[A-Z]\w*|(?:unable to|could not|cannot|can't|failed to) (?:contact|reach)|desc ?=|upstream|downstream|error from|(?:call(?:ing)?|request(?:ing)?) (?:to )?(?:the )?[\w-]+ (?:failed|returned|error)|failed to (?:get|fetch|call|charge|reach|contact|query|load|retrieve|send to|connect to|place|convert|ship|process)|returned (?:an? )?(?:error|5\d\d)|responded with (?:an? )?(?:error|5\d\d)|status(?: code)? 5\d\d/i;

/**
 * Resolution that failed rather than answered "no such name": EAI_AGAIN, glibc's
 * "Temporary failure in name resolution", Go's "server misbehaving" and a timed-out
 * lookup. The name exists; the asking side's resolver could not get an answer.
 */
export const RESOLVER_FAILURE =
  /EAI_AGAIN|temporary failure in name resolution|resolver failed|server misbehaving|lookup \S+ on \S+:53: (?:read udp \S+ )?i\/o timeout|SERVFAIL/i;

/** The server's own connection limit relayed by a client: the datastore is saturated, not the caller's pool. */
export const SERVER_CONNECTION_LIMIT =
  /too many (?:connections|clients)|remaining connection slots|sorry, too many clients|max(?:imum)? (?:number of )?(?:open )?connections reached/i;

/**
 * Well-known ports and the names their servers go by. A caller's error that
 * names only `10.0.3.7:5432` blames the service that looks like PostgreSQL.
 */
const WELL_KNOWN_PORTS: ReadonlyArray<{ port: number; name: RegExp }> = [
  {
    port: 5432,
    name: /postgres|\bpg|psql|timescale|cockroach|citus|(?:^|[-_])db(?:$|[-_])|database/i,
  },
  { port: 6379, name: /redis|valkey|keydb|dragonfly|cache/i },
  { port: 3306, name: /mysql|maria|(?:^|[-_])db(?:$|[-_])|database/i },
  { port: 9092, name: /kafka|broker|redpanda/i },
  { port: 27017, name: /mongo/i },
  { port: 11211, name: /memcache/i },
  { port: 5672, name: /rabbit|amqp|(?:^|[-_])mq(?:$|[-_])/i },
  { port: 9200, name: /elastic|opensearch|search/i },
  { port: 2181, name: /zookeeper|\bzk/i },
  { port: 9042, name: /cassandra|scylla/i },
];

/** Named like a datastore or broker (postgres, orders-db, redis, kafka...): a server others connect to. */
export function isDatastore(name: string): boolean {
  return WELL_KNOWN_PORTS.some((entry) => entry.name.test(name));
}

/** The service a `host:port` (or "port 5432") in the text points at through a well-known port, or null. */
export function serviceByPort(
  text: string,
  author: string,
  services: readonly string[],
): string | null {
  const ports = [...text.matchAll(/(?:[\w.\]-]:|\bport\s*)(\d{2,5})\b/gi)].map((m) => Number(m[1]));
  for (const port of ports) {
    const known = WELL_KNOWN_PORTS.find((entry) => entry.port === port);
    if (!known) continue;
    const candidates = services.filter(
      (s) => s.toLowerCase() !== author.toLowerCase() && known.name.test(s),
    );
    if (candidates.length === 1) return candidates[0]!;
  }
  return null;
}

/** Whether `text` names `alias` as a peer: quoted, or as (part of) a host name or `host:port`. */
function namesPeer(text: string, alias: string): boolean {
  const a = alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    `['"\`]${a}['"\`]|(?:^|[\\s/@.'"(=-])${a}(?:\\.[a-z][a-z0-9-]*)*\\.(?:com|net|io|org|cloud|co|dev|svc|local|internal)\\b|(?:^|[\\s/@'"(=])${a}:\\d{2,5}\\b`,
    'i',
  ).test(text);
}

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
  addresses: ReadonlyMap<string, string> = new Map(),
  aliases: ReadonlyMap<string, string> = new Map(),
): string | null {
  // A server's connection limit blames a datastore only: the database's own "too many clients"
  // line names its clients, who are not the cause.
  // The resolver failed (not "no such name"): the caller's DNS is at fault, whatever name it asked for.
  if (kind === 'dns' && RESOLVER_FAILURE.test(text)) return null;
  const serverLimit = kind === 'pool_exhaustion' && SERVER_CONNECTION_LIMIT.test(text);
  if (serverLimit && isDatastore(author)) return null;
  // A database's own "could not extend file: No space left on device" is its disk; the clients it
  // names (application_name, user) are not the cause.
  if (kind === 'disk_full' && isDatastore(author)) return null;
  const candidates = serverLimit ? services.filter(isDatastore) : services;
  // A proxy's upstream cluster names the service the request was for, whatever the failure.
  const upstream = envoyUpstreamHost(text);
  if (upstream !== null) {
    const named = candidates.find(
      (s) =>
        s.toLowerCase() !== author.toLowerCase() &&
        (s.toLowerCase() === upstream || isGeneratedSuffixOf(upstream, s)),
    );
    if (named) return named;
  }
  if (
    !attributable.has(kind) &&
    !serverLimit &&
    !((kind === 'errors' || kind === 'app_exception') && RELAYED_ERROR.test(text))
  )
    return null;
  const words = tokens(text);
  // "Product Catalog" names product-catalog: adjacent words joined, compared without separators.
  const joined = words.slice(1).map((word, i) => `${words[i]}${word}`.replace(/[-_]/g, ''));
  for (const service of candidates) {
    const name = service.toLowerCase();
    if (name === author.toLowerCase() || name.length < 3) continue;
    const compact = name.replace(/[^a-z0-9]/g, '');
    if (
      words.some(
        (word) =>
          word === name ||
          (name.length >= 5 && word.startsWith(name) && word.length - name.length <= 2) ||
          // A pod's host name: `orders-7d9f8c5b6-xk2p9`, `postgres-0`.
          isGeneratedSuffixOf(word, name),
      ) ||
      (compact !== name && compact.length >= 6 && joined.includes(compact))
    )
      return service;
  }
  // A name the workspace gave a service, where a line names a peer rather than uses a word: quoted
  // (a breaker named 'psp') or as a host (`checkout-live.adyen.com`, `adyen:443`). Aliases are
  // often common words (`app`, `api`, `django`), which a stack trace uses for other things.
  for (const [alias, service] of aliases) {
    if (service.toLowerCase() === author.toLowerCase() || !candidates.includes(service)) continue;
    if (namesPeer(text, alias)) return service;
  }
  const byAddress = serviceByAddress(text, author, addresses);
  if (byAddress !== null && candidates.includes(byAddress)) return byAddress;
  return serviceByPort(text, author, candidates);
}
