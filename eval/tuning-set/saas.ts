/**
 * "Ledgerly", a Python SaaS as many small teams run one on Kubernetes: a
 * Django monolith on gunicorn behind ingress-nginx, Celery workers fed by
 * RabbitMQ (and celery beat for schedules), PostgreSQL, Redis as Django's
 * cache and session store and Celery's result backend, Stripe as the payment
 * API, cert-manager for the TLS certificates.
 *
 * What is scraped and shipped, by standard names:
 * - ingress-nginx: `nginx_ingress_controller_requests{status,ingress,service,host,method,path}`
 *   (a counter without `_total`, as ingress-nginx names it), request and
 *   upstream-response duration histograms, `nginx_ingress_controller_ssl_expire_time_seconds`.
 * - django-prometheus on each web pod: `django_http_requests_total_by_method_total`,
 *   `django_http_responses_total_by_status_total`,
 *   `django_http_responses_total_by_status_view_method_total`,
 *   `django_http_requests_latency_seconds_by_view_method_bucket`,
 *   `django_http_exceptions_total_by_type_total`, `django_db_*`, `django_cache_*`.
 * - celery-exporter (danihodovic): `celery_task_*_total{name,hostname,queue_name}`,
 *   `celery_worker_up`, `celery_worker_tasks_active`, `celery_task_runtime_bucket`,
 *   `celery_queue_length`, `celery_active_consumer_count`.
 * - RabbitMQ's built-in Prometheus plugin (per-object metrics):
 *   `rabbitmq_queue_messages_ready{vhost,queue}`, `..._unacked`, `rabbitmq_queue_consumers`, ...
 * - postgres_exporter: `pg_up`, `pg_stat_activity_count{datname,state}`,
 *   `pg_settings_max_connections`, `pg_stat_database_*`, `pg_database_size_bytes`;
 *   kubelet volume stats for its PVC.
 * - redis_exporter: `redis_up`, `redis_connected_clients`, `redis_memory_used_bytes`,
 *   `redis_memory_max_bytes`, `redis_evicted_keys_total`, `redis_keyspace_hits_total`, ...
 * - cert-manager, cAdvisor, kube-state-metrics, node-exporter.
 * - Logs through promtail (`namespace`, `app`, `pod`, `container`): the
 *   controller's access and error log, Django through structlog (JSON, with
 *   Python tracebacks in `exception`), gunicorn's own lines, Celery's default
 *   format, PostgreSQL, Redis and RabbitMQ in their own formats.
 */
import type { TelemetryBuilder } from '../independent/builder.js';
import { iso, ramp } from '../independent/builder.js';
import type { Curve } from '../independent/flow.js';
import { podSuffix, type Rng } from '../independent/random.js';
import type { EvalService } from '../eval-case.js';

export const NS = 'ledgerly';

export const SAAS_NODES = [
  { name: 'gke-ledgerly-prod-pool-1-8f2a1c3e-xk2p', ip: '10.128.0.14', cpus: 4, memGiB: 16 },
  { name: 'gke-ledgerly-prod-pool-1-8f2a1c3e-q7mz', ip: '10.128.0.15', cpus: 4, memGiB: 16 },
  { name: 'gke-ledgerly-prod-pool-1-8f2a1c3e-v3dn', ip: '10.128.0.22', cpus: 4, memGiB: 16 },
] as const;

export interface SaasPod {
  app: string;
  name: string;
  ip: string;
  node: string;
  container: string;
  image: string;
  from: number | null;
  until: number | null;
  namespace: string;
}

/** One Django view (django-prometheus labels by the resolved view name). */
export interface View {
  view: string;
  method: string;
  path: string;
  host: 'app.ledgerly.io' | 'api.ledgerly.io';
  /** Share of the traffic. */
  weight: number;
  /** Own processing time, ms. */
  ownMs: number;
  queries: number;
  cacheGets: number;
  stripeCalls: number;
  /** Celery tasks published per request. */
  publishes: number;
}

export const VIEWS: View[] = [
  {
    view: 'dashboard:home',
    method: 'GET',
    path: '/dashboard/',
    host: 'app.ledgerly.io',
    weight: 0.22,
    ownMs: 38,
    queries: 9,
    cacheGets: 5,
    stripeCalls: 0,
    publishes: 0,
  },
  {
    view: 'invoices:invoice_list',
    method: 'GET',
    path: '/invoices/',
    host: 'app.ledgerly.io',
    weight: 0.2,
    ownMs: 44,
    queries: 6,
    cacheGets: 3,
    stripeCalls: 0,
    publishes: 0,
  },
  {
    view: 'invoices:invoice_detail',
    method: 'GET',
    path: '/invoices/<id>/',
    host: 'app.ledgerly.io',
    weight: 0.14,
    ownMs: 30,
    queries: 5,
    cacheGets: 2,
    stripeCalls: 0,
    publishes: 0,
  },
  {
    view: 'invoices:invoice_send',
    method: 'POST',
    path: '/invoices/<id>/send/',
    host: 'app.ledgerly.io',
    weight: 0.05,
    ownMs: 35,
    queries: 7,
    cacheGets: 2,
    stripeCalls: 0,
    publishes: 2,
  },
  {
    view: 'billing:checkout',
    method: 'POST',
    path: '/billing/checkout/',
    host: 'app.ledgerly.io',
    weight: 0.03,
    ownMs: 40,
    queries: 8,
    cacheGets: 2,
    stripeCalls: 2,
    publishes: 1,
  },
  {
    view: 'api:invoice-list',
    method: 'GET',
    path: '/api/v1/invoices/',
    host: 'api.ledgerly.io',
    weight: 0.26,
    ownMs: 26,
    queries: 4,
    cacheGets: 2,
    stripeCalls: 0,
    publishes: 0,
  },
  {
    view: 'api:webhook-stripe',
    method: 'POST',
    path: '/api/v1/webhooks/stripe/',
    host: 'api.ledgerly.io',
    weight: 0.1,
    ownMs: 12,
    queries: 3,
    cacheGets: 1,
    stripeCalls: 0,
    publishes: 1,
  },
];

export const TASKS = [
  { name: 'billing.tasks.send_invoice_email', queue: 'celery', ms: 420, share: 0.45 },
  { name: 'billing.tasks.generate_invoice_pdf', queue: 'celery', ms: 1800, share: 0.2 },
  { name: 'billing.tasks.sync_stripe_payment', queue: 'celery', ms: 650, share: 0.25 },
  { name: 'webhooks.tasks.deliver_webhook', queue: 'celery', ms: 300, share: 0.1 },
] as const;

/** Requests per second at the daily mean. */
const ENTRY_RATE = 3.2;
const WORKER_PODS = 3;
const WORKER_CONCURRENCY = 4;
/** What recomputing one cached fragment costs, ms. */
const CACHE_MISS_MS = 55;
/** Tasks per second celery beat schedules besides what web publishes. */
const BEAT_RATE = 0.12;

export interface WebFailure {
  /** Share of the view's requests. */
  share: number;
  /** HTTP status Django answers (or ingress-nginx, when `atIngress`). */
  status: string;
  /** Exception class (module path included), e.g. `django.db.utils.OperationalError`. */
  exception?: string;
  message?: string;
  /** Traceback frames (the lines between "Traceback" and the exception line). */
  frames?: string[];
  /** The request never got an answer from Django (502/504 made by ingress-nginx). */
  atIngress?: boolean;
  /** ms until this failure is answered. */
  latencyMs?: number;
}

export interface TaskFailure {
  share: number;
  exception: string;
  message: string;
  frames?: string[];
  /** The worker's log line for it, when Celery words it otherwise than "raised unexpected". */
  line?: (t: number, task: string, id: string, rng: Rng) => string;
}

export interface SaasFault {
  /** Multiplies outside traffic. */
  load?: Curve;
  /** Multiplies the traffic of one host (requests that reach nginx at all). */
  hostLoad?: Partial<Record<View['host'], Curve>>;
  /** Times the kernel OOM-killed a process inside an app's container (spread over its pods; the container survives). */
  oomKills?: Record<string, number[]>;
  /** Multiplies web's own processing time. */
  webSlow?: Curve;
  /** Extra ms on each PostgreSQL query / Redis command / Stripe call as the client sees it. */
  pgExtraMs?: Curve;
  redisExtraMs?: Curve;
  stripeExtraMs?: Curve;
  /** Django cache hit ratio (default about 0.94). A miss costs two extra queries. */
  cacheHitRatio?: Curve;
  /** Extra queries per request, per view (an N+1). */
  extraQueries?: (view: View, t: number) => number;
  /** How requests of a view fail at `t` (none by default). */
  webFailures?: (view: View, t: number) => WebFailure[];
  /** Workers consuming (0..3, fractional while crash-looping). */
  workersUp?: Curve;
  /** Multiplies task run time. */
  taskSlow?: Curve;
  /** How tasks fail at `t`. */
  taskFailures?: (task: (typeof TASKS)[number], t: number) => TaskFailure[];
  /** Extra tasks per second published (a batch). */
  extraPublish?: Curve;
  /**
   * Container restarts per app with kube-state's last-terminated reason:
   * spread over the app's current pods in turn, or on every pod (`everyPod`).
   * `crashLoop`: between restarts the container waits in CrashLoopBackOff.
   */
  restarts?: Record<
    string,
    { at: number[]; reason: string; everyPod?: boolean; crashLoop?: boolean }
  >;
  /** A rollout per app: the pods are replaced from `at` with `image` (one by one, or all at once with Recreate). */
  rollout?: Record<string, { at: number; image: string; recreate?: boolean }>;
  /** Extra CPU, cores per pod, of an app's main container. */
  extraCpu?: Record<string, Curve>;
  /** Working set of an app's main container, MiB per pod (replacing the normal one). */
  memoryMiB?: Record<string, Curve>;
  postgres?: {
    maxConnections?: number;
    /** Connections held by other clients, by state. */
    otherConnections?: Record<string, Curve>;
    up?: Curve;
    /** Bytes free on the data volume. */
    volumeAvailableBytes?: Curve;
    /** Extra CPU (cores) of the database. */
    extraCpu?: Curve;
  };
  redis?: { usedMemoryBytes?: Curve; evictionsPerSecond?: Curve; up?: Curve };
  /** When the api host's certificate expires (unix s), and whether renewal failed. */
  certificate?: { apiExpiresAt: number; renewalFailing: boolean };
}

export interface ViewFrame {
  rate: number;
  latencyMs: number;
  failures: WebFailure[];
  queries: number;
}

export interface SaasFrame {
  views: Record<string, ViewFrame>;
  webRate: number;
  published: number;
  consumed: number;
  backlog: number;
  taskMs: Record<string, number>;
  cacheHit: number;
  pgActive: number;
}

const WEB_IMAGE = 'europe-docker.pkg.dev/ledgerly-prod/apps/ledgerly:2026.12.03-1';

function pod(
  b: TelemetryBuilder,
  app: string,
  index: number,
  spec: Omit<SaasPod, 'name' | 'app' | 'from' | 'until' | 'namespace'> & {
    statefulset?: boolean;
    namespace?: string;
  },
): SaasPod {
  const name = spec.statefulset
    ? `${app}-${index}`
    : `${app}-${podSuffix(b.rng(`pod:${app}:${index}`))}`;
  return {
    app,
    name,
    ip: spec.ip,
    node: spec.node,
    container: spec.container,
    image: spec.image,
    from: null,
    until: null,
    namespace: spec.namespace ?? NS,
  };
}

const [n1, n2, n3] = SAAS_NODES;

/** The pods over the window, a rolled-out app's old and new ones included. */
export function saasPods(b: TelemetryBuilder, fault: SaasFault): Record<string, SaasPod[]> {
  const base: Record<string, SaasPod[]> = {
    'ingress-nginx-controller': [
      pod(b, 'ingress-nginx-controller', 0, {
        ip: '10.42.0.12',
        node: n1.name,
        container: 'controller',
        image: 'registry.k8s.io/ingress-nginx/controller:v1.11.3',
        namespace: 'ingress-nginx',
      }),
    ],
    web: [0, 1, 2].map((i) =>
      pod(b, 'web', i, {
        ip: `10.42.${i}.${31 + i}`,
        node: SAAS_NODES[i]!.name,
        container: 'web',
        image: WEB_IMAGE,
      }),
    ),
    'celery-worker': [0, 1, 2].map((i) =>
      pod(b, 'celery-worker', i, {
        ip: `10.42.${i}.${51 + i}`,
        node: SAAS_NODES[(i + 1) % 3]!.name,
        container: 'worker',
        image: WEB_IMAGE,
      }),
    ),
    'celery-beat': [
      pod(b, 'celery-beat', 0, {
        ip: '10.42.2.61',
        node: n3.name,
        container: 'beat',
        image: WEB_IMAGE,
      }),
    ],
    rabbitmq: [
      pod(b, 'rabbitmq', 0, {
        ip: '10.42.1.9',
        node: n2.name,
        container: 'rabbitmq',
        image: 'docker.io/bitnami/rabbitmq:3.13.7',
        statefulset: true,
      }),
    ],
    postgres: [
      pod(b, 'postgres', 0, {
        ip: '10.42.2.7',
        node: n3.name,
        container: 'postgresql',
        image: 'docker.io/bitnami/postgresql:16.4.0',
        statefulset: true,
      }),
    ],
    redis: [
      pod(b, 'redis-master', 0, {
        ip: '10.42.0.8',
        node: n1.name,
        container: 'redis',
        image: 'docker.io/bitnami/redis:7.4.1',
        statefulset: true,
      }),
    ],
  };
  base.redis![0]!.app = 'redis';
  for (const [app, rollout] of Object.entries(fault.rollout ?? {})) {
    const old = base[app]!;
    const fresh = old.map((p, i) => ({
      ...p,
      name: `${app}-${podSuffix(b.rng(`pod:${app}:${i}:new`))}`,
      ip: p.ip.replace(/\.(\d+)$/, (_m, d: string) => `.${Number(d) + 100}`),
      image: rollout.image,
      from: rollout.recreate ? rollout.at + 8 : rollout.at + i * 25,
      until: null,
    }));
    old.forEach((p, i) => (p.until = rollout.recreate ? rollout.at : rollout.at + i * 25 + 40));
    base[app] = [...old, ...fresh];
  }
  return base;
}

const alive = (p: SaasPod, t: number) =>
  (p.from === null || t >= p.from) && (p.until === null || t < p.until);
function share(list: SaasPod[], p: SaasPod, t: number): number | null {
  if (!alive(p, t)) return null;
  return 1 / list.filter((x) => alive(x, t)).length;
}

/** The state of the system at every scrape time (the queue is integrated in time order). */
function frames(b: TelemetryBuilder, fault: SaasFault): Map<number, SaasFrame> {
  const out = new Map<number, SaasFrame>();
  let backlog = 0;
  let previous: number | null = null;
  for (const t of b.times) {
    if (previous !== null && t - previous > b.timeline.step * 2) backlog = 0; // the day-before segment ended
    previous = t;
    const daily = b.daily(t);
    const load = fault.load?.(t) ?? 1;
    const webRate = ENTRY_RATE * daily * load;
    const cacheHit = fault.cacheHitRatio?.(t) ?? 0.94;
    const pgMs = 1.1 + (fault.pgExtraMs?.(t) ?? 0);
    const redisMs = 0.35 + (fault.redisExtraMs?.(t) ?? 0);
    const stripeMs = 340 + (fault.stripeExtraMs?.(t) ?? 0);
    const views: Record<string, ViewFrame> = {};
    let published = BEAT_RATE * daily + (fault.extraPublish?.(t) ?? 0);
    let pgBusy = 0;
    for (const v of VIEWS) {
      // Requests that never complete a TLS handshake never reach nginx, nor Django.
      const rate = webRate * v.weight * (fault.hostLoad?.[v.host]?.(t) ?? 1);
      const queries =
        v.queries + (fault.extraQueries?.(v, t) ?? 0) + v.cacheGets * (1 - cacheHit) * 2;
      // A miss recomputes what the cache held: aggregate queries and rendering, about CACHE_MISS_MS each.
      const latencyMs =
        v.ownMs * (fault.webSlow?.(t) ?? 1) +
        queries * pgMs +
        v.cacheGets * redisMs +
        v.cacheGets * (1 - cacheHit) * CACHE_MISS_MS +
        v.stripeCalls * stripeMs;
      const failures = fault.webFailures?.(v, t) ?? [];
      views[v.view] = { rate, latencyMs, failures, queries };
      published += rate * v.publishes * (1 - failures.reduce((s, f) => s + f.share, 0));
      pgBusy += (rate * queries * pgMs) / 1000;
    }
    const taskSlow = fault.taskSlow?.(t) ?? 1;
    const taskMs: Record<string, number> = {};
    let meanTaskS = 0;
    for (const task of TASKS) {
      taskMs[task.name] = task.ms * taskSlow + 10 * pgMs;
      meanTaskS += (task.share * taskMs[task.name]!) / 1000;
    }
    const workers = fault.workersUp?.(t) ?? WORKER_PODS;
    const capacity = (workers * WORKER_CONCURRENCY) / meanTaskS;
    const available = published + backlog / b.timeline.step;
    const consumed = Math.min(capacity, available);
    backlog = Math.max(0, backlog + (published - consumed) * b.timeline.step);
    out.set(t, {
      views,
      webRate,
      published,
      consumed,
      backlog,
      taskMs,
      cacheHit,
      pgActive: pgBusy + consumed * 0.02,
    });
  }
  return out;
}

const DJANGO_BUCKETS = [
  0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 25, 50, 75,
];
const NGINX_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const CELERY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

export interface SaasEmitted {
  frameAt: (t: number) => SaasFrame;
  pods: Record<string, SaasPod[]>;
}

export function emitSaas(b: TelemetryBuilder, fault: SaasFault = {}): SaasEmitted {
  const map = frames(b, fault);
  const frameAt = (t: number): SaasFrame =>
    map.get(t) ??
    map.get(Math.floor(t / b.timeline.step) * b.timeline.step) ??
    [...map.values()][0]!;
  const pods = saasPods(b, fault);
  emitIngress(b, fault, frameAt, pods);
  emitDjango(b, fault, frameAt, pods);
  emitCelery(b, fault, frameAt, pods);
  emitRabbit(b, frameAt, pods);
  emitPostgres(b, fault, frameAt, pods);
  emitRedis(b, fault, frameAt, pods);
  emitCluster(b, fault, frameAt, pods);
  emitLogs(b, fault, frameAt, pods);
  return { frameAt, pods };
}

function statusesOf(
  b: TelemetryBuilder,
  frameAt: (t: number) => SaasFrame,
  view: View,
  atIngress: boolean | null,
): string[] {
  const seen = new Set<string>();
  for (const t of b.times)
    for (const f of frameAt(t).views[view.view]!.failures)
      if (f.share > 0 && (atIngress === null || Boolean(f.atIngress) === atIngress))
        seen.add(f.status);
  return [...seen];
}

function failureShare(frame: ViewFrame, status: string, atIngress: boolean | null): number {
  return frame.failures
    .filter(
      (f) => f.status === status && (atIngress === null || Boolean(f.atIngress) === atIngress),
    )
    .reduce((s, f) => s + f.share, 0);
}

function emitIngress(
  b: TelemetryBuilder,
  fault: SaasFault,
  frameAt: (t: number) => SaasFrame,
  pods: Record<string, SaasPod[]>,
): void {
  const ctl = pods['ingress-nginx-controller']![0]!;
  for (const host of ['app.ledgerly.io', 'api.ledgerly.io'] as const) {
    const ingress = host === 'app.ledgerly.io' ? 'ledgerly-web' : 'ledgerly-api';
    const views = VIEWS.filter((v) => v.host === host);
    for (const method of [...new Set(views.map((v) => v.method))]) {
      const mine = views.filter((v) => v.method === method);
      const statuses = new Set<string>(['200', '302', '404', '499']);
      for (const v of mine) for (const s of statusesOf(b, frameAt, v, null)) statuses.add(s);
      for (const status of statuses) {
        const labels = {
          job: 'ingress-nginx/ingress-nginx-controller',
          controller_class: 'k8s.io/ingress-nginx',
          controller_namespace: 'ingress-nginx',
          controller_pod: ctl.name,
          namespace: NS,
          ingress,
          service: 'web',
          host,
          method,
          path: '/',
          canary: '',
          status,
        };
        const rate = (t: number): number => {
          const f = frameAt(t);
          let r = 0;
          for (const v of mine) {
            const vf = f.views[v.view]!;
            const failed = vf.failures.reduce((s, x) => s + x.share, 0);
            const ok = Math.max(0, 1 - failed);
            if (status === '200') r += vf.rate * ok * 0.93;
            else if (status === '302') r += vf.rate * ok * (method === 'GET' ? 0.05 : 0.02);
            else if (status === '404') r += vf.rate * ok * 0.012;
            else if (status === '499')
              r += vf.rate * ok * 0.002 + vf.rate * (vf.latencyMs > 8000 ? 0.05 : 0);
            r += vf.rate * failureShare(vf, status, null);
          }
          return r;
        };
        const firstSeen = ['200', '302', '404', '499'].includes(status)
          ? -Infinity
          : (b.times.find((t) => rate(t) > 0) ?? Infinity);
        const perSecond = (t: number) => (t < firstSeen ? null : rate(t));
        b.counter('nginx_ingress_controller_requests', labels, perSecond, {
          initial: firstSeen === -Infinity ? undefined : 0,
        });
        if (status === '200' || !['302', '404', '499'].includes(status)) {
          const latencyS = (t: number) => {
            const f = frameAt(t);
            let w = 0;
            let sum = 0;
            for (const v of mine) {
              const vf = f.views[v.view]!;
              const failLat = vf.failures.find((x) => x.status === status)?.latencyMs;
              const lat = status === '200' ? vf.latencyMs : (failLat ?? vf.latencyMs);
              w += vf.rate;
              sum += vf.rate * lat;
            }
            return (w > 0 ? sum / w : 50) / 1000 + 0.0015;
          };
          b.histogram(
            'nginx_ingress_controller_request_duration_seconds',
            labels,
            perSecond,
            latencyS,
            { buckets: NGINX_BUCKETS, sigma: 0.7 },
          );
          b.histogram(
            'nginx_ingress_controller_response_duration_seconds',
            labels,
            perSecond,
            (t) => latencyS(t) - 0.001,
            { buckets: NGINX_BUCKETS, sigma: 0.7 },
          );
        }
      }
    }
    const expires =
      host === 'api.ledgerly.io' && fault.certificate
        ? fault.certificate.apiExpiresAt
        : b.timeline.end + 61 * 86_400;
    b.gauge(
      'nginx_ingress_controller_ssl_expire_time_seconds',
      {
        job: 'ingress-nginx/ingress-nginx-controller',
        controller_class: 'k8s.io/ingress-nginx',
        controller_namespace: 'ingress-nginx',
        controller_pod: ctl.name,
        namespace: NS,
        host,
        secret_name: `${ingress}-tls`,
        class: 'nginx',
      },
      () => expires,
      { noise: false },
    );
    // cert-manager's view of the same certificate.
    const cm = {
      job: 'cert-manager/cert-manager',
      namespace: NS,
      name: `${ingress}-tls`,
      issuer_name: 'letsencrypt-prod',
      issuer_kind: 'ClusterIssuer',
      issuer_group: 'cert-manager.io',
    };
    b.gauge('certmanager_certificate_expiration_timestamp_seconds', cm, () => expires, {
      noise: false,
    });
    const failing = host === 'api.ledgerly.io' && fault.certificate?.renewalFailing;
    b.gauge('certmanager_certificate_renewal_timestamp_seconds', cm, () => expires - 30 * 86_400, {
      noise: false,
    });
    for (const condition of ['True', 'False', 'Unknown'])
      b.gauge(
        'certmanager_certificate_ready_status',
        { ...cm, condition },
        (t) => {
          const ready = !(failing && fault.certificate && t >= fault.certificate.apiExpiresAt);
          return condition === (ready ? 'True' : 'False') ? 1 : 0;
        },
        { noise: false },
      );
  }
  b.gauge(
    'nginx_ingress_controller_nginx_process_connections',
    {
      job: 'ingress-nginx/ingress-nginx-controller',
      controller_class: 'k8s.io/ingress-nginx',
      controller_namespace: 'ingress-nginx',
      controller_pod: ctl.name,
      state: 'active',
    },
    (t) => 40 * b.daily(t) * (fault.load?.(t) ?? 1),
    { integer: true },
  );
}

function emitDjango(
  b: TelemetryBuilder,
  fault: SaasFault,
  frameAt: (t: number) => SaasFrame,
  pods: Record<string, SaasPod[]>,
): void {
  const list = pods.web!;
  for (const p of list) {
    const common = {
      job: 'ledgerly/web',
      namespace: NS,
      pod: p.name,
      instance: `${p.ip}:8000`,
      container: 'web',
    };
    const part = (t: number) => share(list, p, t);
    const djangoFailures = (vf: ViewFrame) => vf.failures.filter((f) => !f.atIngress);
    const reached = (vf: ViewFrame) =>
      1 - vf.failures.filter((f) => f.atIngress).reduce((s, f) => s + f.share, 0);
    for (const method of ['GET', 'POST']) {
      b.counter(
        'django_http_requests_total_by_method_total',
        { ...common, method },
        (t) => {
          const s = part(t);
          if (s === null) return null;
          const f = frameAt(t);
          return (
            VIEWS.filter((v) => v.method === method).reduce(
              (sum, v) => sum + f.views[v.view]!.rate * reached(f.views[v.view]!),
              0,
            ) * s
          );
        },
        { initial: 0 },
      );
    }
    // Responses by status (overall), by status/view/method, and latency by view.
    const overall = new Set<string>(['200', '302', '404']);
    for (const v of VIEWS) for (const s of statusesOf(b, frameAt, v, false)) overall.add(s);
    for (const status of overall) {
      const rate = (t: number) => {
        const s = part(t);
        if (s === null) return null;
        const f = frameAt(t);
        let r = 0;
        for (const v of VIEWS) {
          const vf = f.views[v.view]!;
          const ok = reached(vf) - djangoFailures(vf).reduce((x, y) => x + y.share, 0);
          if (status === '200') r += vf.rate * ok * 0.93;
          else if (status === '302') r += vf.rate * ok * 0.05;
          else if (status === '404') r += vf.rate * ok * 0.012;
          r += vf.rate * failureShare(vf, status, false);
        }
        return r * s;
      };
      const firstSeen = ['200', '302', '404'].includes(status)
        ? -Infinity
        : (b.times.find((t) => (rate(t) ?? 0) > 0) ?? Infinity);
      b.counter(
        'django_http_responses_total_by_status_total',
        { ...common, status },
        (t) => (t < firstSeen ? null : rate(t)),
        { initial: firstSeen === -Infinity && p.from === null ? undefined : 0 },
      );
    }
    for (const v of VIEWS) {
      const vstatuses = ['200', ...statusesOf(b, frameAt, v, false)];
      for (const status of vstatuses) {
        const rate = (t: number) => {
          const s = part(t);
          if (s === null) return null;
          const vf = frameAt(t).views[v.view]!;
          if (status === '200')
            return (
              vf.rate * (reached(vf) - djangoFailures(vf).reduce((x, y) => x + y.share, 0)) * s
            );
          return vf.rate * failureShare(vf, status, false) * s;
        };
        const firstSeen =
          status === '200' ? -Infinity : (b.times.find((t) => (rate(t) ?? 0) > 0) ?? Infinity);
        b.counter(
          'django_http_responses_total_by_status_view_method_total',
          { ...common, status, view: v.view, method: v.method },
          (t) => (t < firstSeen ? null : rate(t)),
          { initial: firstSeen === -Infinity && p.from === null ? undefined : 0 },
        );
      }
      b.histogram(
        'django_http_requests_latency_seconds_by_view_method',
        { ...common, view: v.view, method: v.method },
        (t) => {
          const s = part(t);
          if (s === null) return null;
          const vf = frameAt(t).views[v.view]!;
          return vf.rate * reached(vf) * s;
        },
        (t) => {
          const vf = frameAt(t).views[v.view]!;
          const failed = djangoFailures(vf);
          const failShare = failed.reduce((x, y) => x + y.share, 0);
          const failLat = failed.reduce((x, y) => x + y.share * (y.latencyMs ?? vf.latencyMs), 0);
          return ((1 - failShare) * vf.latencyMs + failLat) / 1000;
        },
        { buckets: DJANGO_BUCKETS, sigma: 0.6 },
      );
    }
    // Exceptions by type.
    const types = new Map<string, string>();
    for (const t of b.times)
      for (const v of VIEWS)
        for (const f of frameAt(t).views[v.view]!.failures)
          if (f.exception && !f.atIngress) types.set(f.exception.split('.').pop()!, f.exception);
    for (const type of types.keys()) {
      const rate = (t: number) => {
        const s = part(t);
        if (s === null) return null;
        const f = frameAt(t);
        return (
          VIEWS.reduce(
            (sum, v) =>
              sum +
              f.views[v.view]!.rate *
                f.views[v.view]!.failures.filter(
                  (x) => x.exception?.split('.').pop() === type && !x.atIngress,
                ).reduce((a, x) => a + x.share, 0),
            0,
          ) * s
        );
      };
      const firstSeen = b.times.find((t) => (rate(t) ?? 0) > 0) ?? Infinity;
      b.counter(
        'django_http_exceptions_total_by_type_total',
        { ...common, type },
        (t) => (t < firstSeen ? null : rate(t)),
        { initial: 0 },
      );
    }
    // Database and cache, as django-prometheus's instrumented backends count them.
    const db = { ...common, alias: 'default', vendor: 'postgresql' };
    const fresh = p.from === null ? {} : { initial: 0 };
    b.counter(
      'django_db_execute_total',
      db,
      (t) => {
        const s = part(t);
        if (s === null) return null;
        const f = frameAt(t);
        return (
          VIEWS.reduce((sum, v) => sum + f.views[v.view]!.rate * f.views[v.view]!.queries, 0) * s
        );
      },
      fresh,
    );
    b.counter(
      'django_db_new_connections_total',
      db,
      (t) => (part(t) === null ? null : 0.004),
      fresh,
    );
    b.histogram(
      'django_db_query_duration_seconds',
      db,
      (t) => {
        const s = part(t);
        if (s === null) return null;
        const f = frameAt(t);
        return (
          VIEWS.reduce((sum, v) => sum + f.views[v.view]!.rate * f.views[v.view]!.queries, 0) * s
        );
      },
      (t) => (1.1 + (fault.pgExtraMs?.(t) ?? 0)) / 1000,
      { buckets: DJANGO_BUCKETS, sigma: 0.9 },
    );
    const cache = { ...common, backend: 'django_redis.cache.RedisCache' };
    const gets = (t: number) => {
      const s = part(t);
      if (s === null) return null;
      const f = frameAt(t);
      return VIEWS.reduce((sum, v) => sum + f.views[v.view]!.rate * v.cacheGets, 0) * s;
    };
    b.counter('django_cache_get_total', cache, gets, fresh);
    b.counter(
      'django_cache_get_hits_total',
      cache,
      (t) => {
        const g = gets(t);
        return g === null ? null : g * frameAt(t).cacheHit;
      },
      fresh,
    );
    b.counter(
      'django_cache_get_misses_total',
      cache,
      (t) => {
        const g = gets(t);
        return g === null ? null : g * (1 - frameAt(t).cacheHit);
      },
      fresh,
    );
  }
}

function emitCelery(
  b: TelemetryBuilder,
  fault: SaasFault,
  frameAt: (t: number) => SaasFrame,
  pods: Record<string, SaasPod[]>,
): void {
  const exporter = { job: 'celery-exporter', namespace: NS, instance: '10.42.1.71:9808' };
  const workers = pods['celery-worker']!;
  const up = (t: number) => fault.workersUp?.(t) ?? WORKER_PODS;
  const isUpOf = (x: SaasPod, t: number) => {
    const generation = workers.filter((y) => (y.from === null) === (x.from === null));
    return alive(x, t) && generation.indexOf(x) < Math.round(up(t));
  };
  for (const p of workers) {
    const hostname = `celery@${p.name}`;
    // Workers count as up while the exporter hears their heartbeats; with fewer up, the last ones drop out.
    const generation = workers.filter((x) => (x.from === null) === (p.from === null));
    const index = generation.indexOf(p);
    const isUp = (t: number) => alive(p, t) && index < Math.round(up(t));
    const part = (t: number) => {
      if (!alive(p, t)) return null;
      if (!isUp(t)) return 0;
      const upCount = workers.filter((x) => isUpOf(x, t)).length;
      return 1 / Math.max(1, upCount);
    };
    b.gauge(
      'celery_worker_up',
      { ...exporter, hostname },
      (t) => (alive(p, t) ? (isUp(t) ? 1 : 0) : null),
      { noise: false },
    );
    b.gauge(
      'celery_worker_tasks_active',
      { ...exporter, hostname },
      (t) => {
        const s = part(t);
        if (s === null) return null;
        const f = frameAt(t);
        const busy = TASKS.reduce(
          (sum, task) => sum + (f.consumed * task.share * f.taskMs[task.name]!) / 1000,
          0,
        );
        return Math.min(WORKER_CONCURRENCY, busy * s);
      },
      { integer: true, noise: { jitter: 0.2 } },
    );
    for (const task of TASKS) {
      const labels = { ...exporter, name: task.name, hostname, queue_name: task.queue };
      const consumed = (t: number) => {
        const s = part(t);
        return s === null ? null : frameAt(t).consumed * task.share * s;
      };
      const failShare = (t: number) =>
        (fault.taskFailures?.(task, t) ?? []).reduce((s, f) => s + f.share, 0);
      const fresh = p.from === null ? {} : { initial: 0 };
      b.counter('celery_task_received_total', labels, consumed, fresh);
      b.counter('celery_task_started_total', labels, consumed, fresh);
      b.counter(
        'celery_task_succeeded_total',
        labels,
        (t) => {
          const c = consumed(t);
          return c === null ? null : c * (1 - failShare(t));
        },
        fresh,
      );
      const exceptions = new Set<string>();
      for (const t of b.times)
        for (const f of fault.taskFailures?.(task, t) ?? [])
          if (f.share > 0) exceptions.add(f.exception);
      for (const exception of exceptions) {
        const rate = (t: number) => {
          const c = consumed(t);
          if (c === null) return null;
          return (
            c *
            (fault.taskFailures?.(task, t) ?? [])
              .filter((f) => f.exception === exception)
              .reduce((s, f) => s + f.share, 0)
          );
        };
        const firstSeen = b.times.find((t) => (rate(t) ?? 0) > 0) ?? Infinity;
        b.counter(
          'celery_task_failed_total',
          { ...labels, exception: exception.split('.').pop()! },
          (t) => (t < firstSeen ? null : rate(t)),
          { initial: 0 },
        );
      }
      b.histogram(
        'celery_task_runtime',
        labels,
        consumed,
        (t) => frameAt(t).taskMs[task.name]! / 1000,
        { buckets: CELERY_BUCKETS, sigma: 0.5 },
      );
    }
  }
  for (const task of TASKS)
    b.counter(
      'celery_task_sent_total',
      { ...exporter, name: task.name, hostname: 'gen1@web', queue_name: task.queue },
      (t) => frameAt(t).published * task.share,
    );
  b.gauge(
    'celery_queue_length',
    { ...exporter, queue_name: 'celery' },
    (t) => frameAt(t).backlog + frameAt(t).published * 0.4,
    { integer: true, noise: { jitter: 0.3 } },
  );
  b.gauge(
    'celery_active_consumer_count',
    { ...exporter, queue_name: 'celery' },
    (t) => Math.round(up(t)),
    { noise: false },
  );
  b.gauge(
    'celery_active_worker_count',
    { ...exporter, queue_name: 'celery' },
    (t) => Math.round(up(t)),
    { noise: false },
  );
  b.gauge(
    'celery_active_process_count',
    { ...exporter, queue_name: 'celery' },
    (t) => Math.round(up(t)) * WORKER_CONCURRENCY,
    { noise: false },
  );
}

function emitRabbit(
  b: TelemetryBuilder,
  frameAt: (t: number) => SaasFrame,
  pods: Record<string, SaasPod[]>,
): void {
  const p = pods.rabbitmq![0]!;
  const labels = {
    job: 'rabbitmq',
    namespace: NS,
    pod: p.name,
    instance: `${p.ip}:15692`,
    rabbitmq_cluster: 'ledgerly',
  };
  b.gauge(
    'rabbitmq_identity_info',
    {
      ...labels,
      rabbitmq_node: `rabbit@${p.name}.rabbitmq-headless.${NS}.svc.cluster.local`,
      rabbitmq_endpoint: 'per-object',
    },
    () => 1,
    { noise: false },
  );
  const q = { ...labels, vhost: '/', queue: 'celery' };
  b.gauge(
    'rabbitmq_queue_messages_ready',
    q,
    (t) => frameAt(t).backlog + frameAt(t).published * 0.4,
    { integer: true, noise: { jitter: 0.3 } },
  );
  b.gauge(
    'rabbitmq_queue_messages_unacked',
    q,
    (t) => Math.min(frameAt(t).consumed * 1.2, 3 * 4 * 4),
    { integer: true, noise: { jitter: 0.25 } },
  );
  b.gauge(
    'rabbitmq_queue_messages',
    q,
    (t) =>
      frameAt(t).backlog + frameAt(t).published * 0.4 + Math.min(frameAt(t).consumed * 1.2, 48),
    { integer: true, noise: { jitter: 0.2 } },
  );
  b.counter('rabbitmq_queue_messages_published_total', q, (t) => frameAt(t).published);
  b.counter('rabbitmq_queue_messages_delivered_total', q, (t) => frameAt(t).consumed);
  b.counter('rabbitmq_queue_messages_acked_total', q, (t) => frameAt(t).consumed);
  // celery's pidbox/event queues: tiny, always drained.
  b.gauge(
    'rabbitmq_queue_messages_ready',
    { ...labels, vhost: '/', queue: 'celeryev.3c1e2f7a-9d4b-4a51-8f0e-6b2d7c9a1e44' },
    () => 0,
    { noise: false },
  );
}

function emitPostgres(
  b: TelemetryBuilder,
  fault: SaasFault,
  frameAt: (t: number) => SaasFrame,
  pods: Record<string, SaasPod[]>,
): void {
  const p = pods.postgres![0]!;
  const labels = { job: 'postgres-exporter', namespace: NS, pod: p.name, instance: `${p.ip}:9187` };
  const max = fault.postgres?.maxConnections ?? 100;
  const up = (t: number) => fault.postgres?.up?.(t) ?? 1;
  b.gauge('pg_up', labels, up, { noise: false });
  b.gauge('pg_settings_max_connections', labels, () => max, { noise: false });
  b.gauge('pg_settings_superuser_reserved_connections', labels, () => 3, { noise: false });
  b.gauge(
    'pg_postmaster_start_time_seconds',
    labels,
    () => b.timeline.start - 12 * 86_400 - 3_312,
    { noise: false },
  );
  const own: Record<string, Curve> = {
    active: (t) => Math.max(1, frameAt(t).pgActive),
    idle: () => 24, // gunicorn (3 pods x 4 workers) and celery (3 x 4) persistent connections
    'idle in transaction': () => 0.3,
  };
  for (const state of [
    'active',
    'idle',
    'idle in transaction',
    'idle in transaction (aborted)',
    'fastpath function call',
    'disabled',
  ]) {
    for (const datname of ['ledgerly', 'postgres']) {
      b.gauge(
        'pg_stat_activity_count',
        { ...labels, datname, state },
        (t) => {
          if (up(t) < 1) return null;
          const other = fault.postgres?.otherConnections?.[state]?.(t) ?? 0;
          if (datname === 'postgres') return state === 'active' ? 1 : state === 'idle' ? 1 : 0;
          const total = (own[state]?.(t) ?? 0) + other;
          return Math.min(total, max - 3);
        },
        { integer: true, noise: state === 'active' ? { jitter: 0.3 } : { jitter: 0.02 } },
      );
    }
  }
  const db = { ...labels, datid: '16384', datname: 'ledgerly' };
  const totalQueries = (t: number) => {
    const f = frameAt(t);
    return (
      VIEWS.reduce((s, v) => s + f.views[v.view]!.rate * f.views[v.view]!.queries, 0) +
      f.consumed * 10
    );
  };
  b.gauge(
    'pg_stat_database_numbackends',
    db,
    (t) => {
      if (up(t) < 1) return null;
      const others = Object.values(fault.postgres?.otherConnections ?? {}).reduce(
        (s, c) => s + c(t),
        0,
      );
      return Math.min(max - 3, 24.3 + frameAt(t).pgActive + others);
    },
    { integer: true, noise: { jitter: 0.02 } },
  );
  b.counter('pg_stat_database_xact_commit', db, (t) => (up(t) < 1 ? null : totalQueries(t) / 3));
  b.counter('pg_stat_database_xact_rollback', db, (t) => (up(t) < 1 ? null : 0.02));
  b.counter('pg_stat_database_tup_fetched', db, (t) => (up(t) < 1 ? null : totalQueries(t) * 14));
  b.counter('pg_stat_database_deadlocks', db, () => 0, { initial: 0, noise: false });
  b.gauge(
    'pg_database_size_bytes',
    { ...labels, datname: 'ledgerly' },
    (t) => 18_400_000_000 + (t - b.timeline.start) * 900,
    { noise: false },
  );
  // The data volume (kubelet's volume stats).
  const pvc = {
    job: 'kubelet',
    metrics_path: '/metrics',
    namespace: NS,
    persistentvolumeclaim: 'data-postgres-0',
    node: p.node,
  };
  const capacity = 53_660_876_800;
  const avail = (t: number) =>
    fault.postgres?.volumeAvailableBytes?.(t) ?? 29_800_000_000 - (t - b.timeline.start) * 1_100;
  b.gauge('kubelet_volume_stats_capacity_bytes', pvc, () => capacity, { noise: false });
  b.gauge('kubelet_volume_stats_available_bytes', pvc, (t) => Math.max(0, avail(t)), {
    noise: false,
  });
  b.gauge('kubelet_volume_stats_used_bytes', pvc, (t) => capacity - Math.max(0, avail(t)), {
    noise: false,
  });
  b.gauge('kubelet_volume_stats_inodes_free', pvc, () => 3_100_000, { noise: false });
}

function emitRedis(
  b: TelemetryBuilder,
  fault: SaasFault,
  frameAt: (t: number) => SaasFrame,
  pods: Record<string, SaasPod[]>,
): void {
  const p = pods.redis![0]!;
  const labels = { job: 'redis', namespace: NS, pod: p.name, instance: `${p.ip}:9121` };
  const up = (t: number) => fault.redis?.up?.(t) ?? 1;
  const gets = (t: number) => {
    const f = frameAt(t);
    return VIEWS.reduce((s, v) => s + f.views[v.view]!.rate * v.cacheGets, 0);
  };
  b.gauge('redis_up', labels, up, { noise: false });
  b.gauge('redis_connected_clients', labels, (t) => (up(t) < 1 ? 0 : 31), {
    integer: true,
    noise: { jitter: 0.05 },
  });
  const maxBytes = 2_147_483_648;
  b.gauge('redis_memory_max_bytes', labels, (t) => (up(t) < 1 ? null : maxBytes), { noise: false });
  b.gauge(
    'redis_memory_used_bytes',
    labels,
    (t) =>
      up(t) < 1
        ? null
        : (fault.redis?.usedMemoryBytes?.(t) ?? 1_310_000_000 + 40_000_000 * Math.sin(t / 2500)),
    { noise: { jitter: 0.005, spikeChance: 0 } },
  );
  b.counter('redis_commands_processed_total', labels, (t) =>
    up(t) < 1 ? null : gets(t) * 1.3 + frameAt(t).consumed * 3 + 4,
  );
  b.counter('redis_keyspace_hits_total', labels, (t) =>
    up(t) < 1 ? null : gets(t) * frameAt(t).cacheHit,
  );
  b.counter('redis_keyspace_misses_total', labels, (t) =>
    up(t) < 1 ? null : gets(t) * (1 - frameAt(t).cacheHit),
  );
  b.counter(
    'redis_evicted_keys_total',
    labels,
    (t) => (up(t) < 1 ? null : (fault.redis?.evictionsPerSecond?.(t) ?? 0)),
    { initial: 0, noise: false },
  );
  b.counter('redis_expired_keys_total', labels, (t) => (up(t) < 1 ? null : 1.8));
  b.counter('redis_rejected_connections_total', labels, () => 0, { initial: 0, noise: false });
  b.gauge(
    'redis_db_keys',
    { ...labels, db: 'db0' },
    (t) =>
      up(t) < 1
        ? null
        : 412_000 - (fault.redis?.evictionsPerSecond ? 0 : 0) + 3000 * Math.sin(t / 3000),
    { integer: true, noise: { jitter: 0.003 } },
  );
  b.gauge('redis_db_keys', { ...labels, db: 'db1' }, (t) => (up(t) < 1 ? null : 8_200), {
    integer: true,
    noise: { jitter: 0.02 },
  });
}

interface Main {
  app: string;
  baseCpu: number;
  cpuLimit: number | null;
  memMiB: number;
  memLimitMiB: number | null;
}
const MAIN: Main[] = [
  { app: 'ingress-nginx-controller', baseCpu: 0.05, cpuLimit: null, memMiB: 180, memLimitMiB: 512 },
  { app: 'web', baseCpu: 0.22, cpuLimit: 1, memMiB: 410, memLimitMiB: 1024 },
  { app: 'celery-worker', baseCpu: 0.3, cpuLimit: 1, memMiB: 620, memLimitMiB: 1536 },
  { app: 'celery-beat', baseCpu: 0.01, cpuLimit: 0.2, memMiB: 140, memLimitMiB: 256 },
  { app: 'rabbitmq', baseCpu: 0.08, cpuLimit: 1, memMiB: 240, memLimitMiB: 1024 },
  { app: 'postgres', baseCpu: 0.35, cpuLimit: 2, memMiB: 1900, memLimitMiB: 4096 },
  { app: 'redis', baseCpu: 0.04, cpuLimit: 0.5, memMiB: 1350, memLimitMiB: 2560 },
];

function emitCluster(
  b: TelemetryBuilder,
  fault: SaasFault,
  frameAt: (t: number) => SaasFrame,
  pods: Record<string, SaasPod[]>,
): void {
  const loadOf = (app: string, t: number): number => {
    const f = frameAt(t);
    if (app === 'celery-worker') return f.consumed / (BEAT_RATE + ENTRY_RATE * 0.18);
    if (app === 'postgres') return f.pgActive / 0.35;
    return f.webRate / ENTRY_RATE;
  };
  for (const m of MAIN) {
    const list = pods[m.app]!;
    const restarts = fault.restarts?.[m.app];
    for (const p of list) {
      const exists = (t: number) => alive(p, t);
      const cad = {
        job: 'kubelet',
        metrics_path: '/metrics/cadvisor',
        namespace: p.namespace,
        pod: p.name,
        container: p.container,
        image: p.image,
        node: p.node,
      };
      const want = (t: number) =>
        m.baseCpu * (0.3 + 0.7 * loadOf(m.app, t)) +
        (fault.extraCpu?.[m.app]?.(t) ?? 0) +
        (m.app === 'postgres' ? (fault.postgres?.extraCpu?.(t) ?? 0) : 0);
      const cpu = (t: number) =>
        m.cpuLimit === null ? want(t) : Math.min(m.cpuLimit * 0.98, want(t));
      b.counter('container_cpu_usage_seconds_total', cad, (t) => (exists(t) ? cpu(t) : null), {
        integer: false,
        initial: 0,
      });
      if (m.cpuLimit !== null) {
        const limit = m.cpuLimit;
        b.counter('container_cpu_cfs_periods_total', cad, (t) => (exists(t) ? 10 : null), {
          initial: 0,
        });
        b.counter(
          'container_cpu_cfs_throttled_periods_total',
          cad,
          (t) => {
            if (!exists(t)) return null;
            const pressure = want(t) / limit;
            return 10 * Math.min(0.97, pressure > 0.8 ? 0.3 + (pressure - 0.8) * 2 : 0.003);
          },
          { initial: 0 },
        );
      }
      const mem = (t: number) =>
        fault.memoryMiB?.[m.app]?.(t) ?? m.memMiB * (1 + 0.03 * Math.sin(t / 2100));
      b.gauge(
        'container_memory_working_set_bytes',
        cad,
        (t) => (exists(t) ? mem(t) * 1_048_576 : null),
        { noise: { jitter: 0.01, spikeChance: 0 } },
      );
      const current0 = list.filter((x) => x.until === null);
      const kills = (fault.oomKills?.[m.app] ?? []).filter(
        (_x, i) => current0[i % current0.length] === p,
      );
      if (kills.length > 0)
        b.gauge(
          'container_oom_events_total',
          cad,
          (t) => (exists(t) ? kills.filter((k) => k <= t).length : null),
          { noise: false },
        );
      if (m.memLimitMiB !== null)
        b.gauge(
          'container_spec_memory_limit_bytes',
          cad,
          (t) => (exists(t) ? m.memLimitMiB! * 1_048_576 : null),
          { noise: false },
        );
      const ksm = {
        job: 'kube-state-metrics',
        namespace: p.namespace,
        pod: p.name,
        container: p.container,
        uid: `${p.name}-uid`,
      };
      // Restarts spread over the app's pods in turn.
      const current = list.filter((x) => x.until === null);
      const mine =
        !restarts || !current.includes(p)
          ? []
          : restarts.everyPod
            ? restarts.at
            : restarts.at.filter((_x, i) => current[i % current.length] === p);
      const down = (t: number) =>
        restarts?.crashLoop
          ? mine.length > 0 && t >= Math.min(...mine) - 15
          : mine.some((r) => t >= r && t < r + 45);
      b.gauge(
        'kube_pod_container_status_restarts_total',
        ksm,
        (t) => (exists(t) ? mine.filter((r) => r <= t).length : null),
        { noise: false },
      );
      b.gauge(
        'kube_pod_container_status_ready',
        ksm,
        (t) => (exists(t) ? (down(t) ? 0 : 1) : null),
        { noise: false },
      );
      if (restarts?.crashLoop && mine.length > 0)
        b.gauge(
          'kube_pod_container_status_waiting_reason',
          { ...ksm, reason: 'CrashLoopBackOff' },
          (t) => (exists(t) && t >= Math.min(...mine) ? 1 : null),
          { noise: false },
        );
      if (mine.length > 0) {
        const first = Math.min(...mine);
        b.gauge(
          'kube_pod_container_status_last_terminated_reason',
          { ...ksm, reason: restarts!.reason },
          (t) => (exists(t) && t >= first ? 1 : null),
          { noise: false },
        );
      }
      if (m.memLimitMiB !== null)
        b.gauge(
          'kube_pod_container_resource_limits',
          { ...ksm, resource: 'memory', unit: 'byte', node: p.node },
          (t) => (exists(t) ? m.memLimitMiB! * 1_048_576 : null),
          { noise: false },
        );
      b.gauge(
        'kube_pod_container_info',
        {
          ...ksm,
          image: p.image,
          image_spec: p.image,
          container_id: `containerd://${b.rng(`cid:${p.name}`).hex(64)}`,
        },
        (t) => (exists(t) ? 1 : null),
        { noise: false },
      );
      b.gauge(
        'kube_pod_info',
        {
          job: 'kube-state-metrics',
          namespace: p.namespace,
          pod: p.name,
          node: p.node,
          pod_ip: p.ip,
          host_ip: SAAS_NODES.find((n) => n.name === p.node)!.ip,
          created_by_kind: /-\d+$/.test(p.name) ? 'StatefulSet' : 'ReplicaSet',
          created_by_name: p.name.replace(/-[^-]+$/, ''),
          uid: `${p.name}-uid`,
        },
        (t) => (exists(t) ? 1 : null),
        { noise: false },
      );
    }
    if (!['rabbitmq', 'postgres', 'redis'].includes(m.app)) {
      const rollout = fault.rollout?.[m.app];
      const dep = { job: 'kube-state-metrics', namespace: list[0]!.namespace, deployment: m.app };
      const gen = (t: number) => 17 + (rollout && t >= rollout.at ? 1 : 0);
      b.gauge('kube_deployment_metadata_generation', dep, gen, { noise: false });
      b.gauge('kube_deployment_status_observed_generation', dep, gen, { noise: false });
      const replicas = list.filter((x) => x.until === null).length;
      b.gauge('kube_deployment_spec_replicas', dep, () => replicas, { noise: false });
      b.gauge(
        'kube_deployment_status_replicas_available',
        dep,
        (t) => {
          if (restarts?.crashLoop) return t >= Math.min(...restarts.at) - 15 ? 0 : replicas;
          const down = (restarts?.at ?? []).filter((r) => t >= r && t < r + 45).length;
          return Math.max(0, replicas - (restarts?.everyPod ? down * replicas : down));
        },
        { noise: false },
      );
    }
  }
  for (const node of SAAS_NODES) {
    const labels = { job: 'node-exporter', instance: `${node.ip}:9100`, node: node.name };
    const busy = (t: number) => {
      let cores = 0.4;
      for (const m of MAIN)
        for (const p of pods[m.app]!)
          if (p.node === node.name && alive(p, t))
            cores += Math.min(
              m.cpuLimit ?? 99,
              m.baseCpu * (0.3 + 0.7 * loadOf(m.app, t)) + (fault.extraCpu?.[m.app]?.(t) ?? 0),
            );
      return Math.min(node.cpus * 0.995, cores);
    };
    for (let cpu = 0; cpu < node.cpus; cpu++) {
      for (const [mode, part] of [
        ['user', 0.7],
        ['system', 0.25],
        ['iowait', 0.02],
        ['softirq', 0.03],
      ] as const)
        b.counter(
          'node_cpu_seconds_total',
          { ...labels, cpu: String(cpu), mode },
          (t) => (busy(t) / node.cpus) * part,
          { integer: false },
        );
      b.counter(
        'node_cpu_seconds_total',
        { ...labels, cpu: String(cpu), mode: 'idle' },
        (t) => 1 - busy(t) / node.cpus,
        { integer: false, noise: { jitter: 0.01 } },
      );
    }
    b.gauge('node_load1', labels, (t) => busy(t) * 1.1, { noise: { jitter: 0.15 } });
    b.gauge('node_memory_MemTotal_bytes', labels, () => node.memGiB * 1_073_741_824, {
      noise: false,
    });
    b.gauge('node_memory_MemAvailable_bytes', labels, () => node.memGiB * 1_073_741_824 * 0.44, {
      noise: { jitter: 0.01, spikeChance: 0 },
    });
    const fs = { ...labels, device: '/dev/sda1', fstype: 'ext4', mountpoint: '/' };
    b.gauge('node_filesystem_size_bytes', fs, () => 101_203_873_792, { noise: false });
    b.gauge(
      'node_filesystem_avail_bytes',
      fs,
      (t) => 61_000_000_000 - (t - b.timeline.start) * 900,
      { noise: false },
    );
  }
}

/** A structlog JSON line as the team's settings render it. */
export function structlogLine(
  t: number,
  level: string,
  logger: string,
  event: string,
  fields: Record<string, unknown> = {},
): string {
  return JSON.stringify({ event, ...fields, level, logger, timestamp: iso(t) });
}

/** Celery's default worker log format. */
export function celeryLine(t: number, level: string, process: string, message: string): string {
  const d = iso(t);
  return `[${d.slice(0, 10)} ${d.slice(11, 19)},${d.slice(20, 23)}: ${level}/${process}] ${message}`;
}

/** PostgreSQL's default stderr format as the bitnami image writes it. */
export function postgresLine(t: number, rng: Rng, tag: string, message: string): string {
  return `${iso(t).replace('T', ' ').replace('Z', '')} GMT [${rng.int(1000, 99999)}] ${tag}:  ${message}`;
}

/** gunicorn's own log line. */
export function gunicornLine(t: number, pid: number, level: string, message: string): string {
  return `[${iso(t).slice(0, 19).replace('T', ' ')} +0000] [${pid}] [${level}] ${message}`;
}

export const saasStream = (p: SaasPod) => ({
  namespace: p.namespace,
  app: p.app,
  pod: p.name,
  container: p.container,
  job: `${p.namespace}/${p.app}`,
});

const uuid = (rng: Rng) =>
  `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-${rng.pick(['8', '9', 'a', 'b'])}${rng.hex(3)}-${rng.hex(12)}`;

function emitLogs(
  b: TelemetryBuilder,
  fault: SaasFault,
  frameAt: (t: number) => SaasFrame,
  pods: Record<string, SaasPod[]>,
): void {
  const ctl = pods['ingress-nginx-controller']![0]!;
  const webPods = pods.web!;
  const clientIps = [
    '203.0.113.7',
    '198.51.100.23',
    '192.0.2.44',
    '203.0.113.88',
    '198.51.100.140',
    '100.64.12.9',
  ];
  const agents = [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    'ledgerly-ios/4.12.0 (iPhone; iOS 18.1)',
    'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
  ];
  // ingress-nginx access log, one line per request, the controller's default format.
  b.logs(
    saasStream(ctl),
    (t) => VIEWS.reduce((s, v) => s + frameAt(t).views[v.view]!.rate, 0) * 60,
    (t, rng) => {
      const f = frameAt(t);
      const total = VIEWS.reduce((s, x) => s + f.views[x.view]!.rate, 0);
      let pick = rng.next() * total;
      const v = VIEWS.find((x) => (pick -= f.views[x.view]!.rate) <= 0) ?? VIEWS[0]!;
      const vf = f.views[v.view]!;
      let roll = rng.next();
      const failure = vf.failures.find((x) => (roll -= x.share) <= 0);
      const status = failure ? failure.status : rng.next() < 0.012 ? '404' : '200';
      const latency = ((failure?.latencyMs ?? vf.latencyMs) * (0.6 + 0.8 * rng.next())) / 1000;
      const target = webPods.filter((p) => alive(p, t));
      const upstream = target.length > 0 ? rng.pick(target) : webPods[0]!;
      const path = v.path.replace('<id>', String(rng.int(10_000, 99_999)));
      const stamp = new Date(t * 1000)
        .toUTCString()
        .replace(/^\w+, (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1/$2/$3:$4 +0000');
      const bytes =
        status === '200'
          ? rng.int(800, 24_000)
          : status === '502' || status === '504'
            ? 150
            : rng.int(150, 400);
      const upstreamStatus = failure?.atIngress ? (status === '504' ? '504' : '502') : status;
      const agent = v.view === 'api:webhook-stripe' ? agents[3]! : rng.pick(agents.slice(0, 3));
      return `${rng.pick(clientIps)} - - [${stamp}] "${v.method} ${path} HTTP/2.0" ${status} ${bytes} "${v.host === 'app.ledgerly.io' ? 'https://app.ledgerly.io/dashboard/' : '-'}" "${agent}" ${rng.int(40, 900)} ${latency.toFixed(3)} [${NS}-web-8000] [] ${upstream.ip}:8000 ${bytes} ${latency.toFixed(3)} ${upstreamStatus} ${rng.hex(32)}`;
    },
  );
  // Django (structlog JSON) on each web pod: errors with their tracebacks, warnings, a few business events.
  for (const p of webPods) {
    const part = (t: number) => share(webPods, p, t) ?? 0;
    b.logs(
      saasStream(p),
      (t) => {
        const f = frameAt(t);
        return (
          part(t) *
          60 *
          VIEWS.reduce(
            (s, v) =>
              s +
              f.views[v.view]!.rate *
                f.views[v.view]!.failures.filter((x) => !x.atIngress && x.exception).reduce(
                  (a, x) => a + x.share,
                  0,
                ),
            0,
          )
        );
      },
      (t, rng) => {
        const f = frameAt(t);
        const weighted = VIEWS.flatMap((v) =>
          f.views[v.view]!.failures.filter((x) => !x.atIngress && x.exception).map((x) => ({
            v,
            x,
            w: f.views[v.view]!.rate * x.share,
          })),
        );
        const total = weighted.reduce((s, e) => s + e.w, 0);
        if (total <= 0) return null;
        let pick = rng.next() * total;
        const hit = weighted.find((e) => (pick -= e.w) <= 0) ?? weighted[0]!;
        const path = hit.v.path.replace('<id>', String(rng.int(10_000, 99_999)));
        const traceback = [
          'Traceback (most recent call last):',
          ...(hit.x.frames ?? []),
          `${hit.x.exception}: ${hit.x.message ?? ''}`,
        ].join('\n');
        return rng.next() < 0.5
          ? structlogLine(t, 'error', 'django_structlog.middlewares.request', 'request_failed', {
              request_id: uuid(rng),
              code: Number(hit.x.status),
              request: `${hit.v.method} ${path}`,
              user_id: rng.int(1, 4_000),
              ip: rng.pick(clientIps),
              exception: traceback,
            })
          : structlogLine(t, 'error', 'django.request', `Internal Server Error: ${path}`, {
              request_id: uuid(rng),
              status_code: Number(hit.x.status),
              exception: traceback,
            });
      },
    );
    b.logs(
      saasStream(p),
      (t) => part(t) * (3 + frameAt(t).webRate * 1.5),
      (t, rng) => {
        const r = rng.next();
        if (r < 0.35)
          return structlogLine(
            t,
            'warning',
            'django.request',
            `Not Found: ${rng.pick(['/wp-login.php', '/.env', '/favicon.ico', '/invoices/0/', '/api/v1/invoices/abc/'])}`,
            { request_id: uuid(rng), status_code: 404 },
          );
        if (r < 0.45)
          return structlogLine(
            t,
            'warning',
            'django.security.csrf',
            'Forbidden (CSRF token from POST incorrect.): /invoices/new/',
            { request_id: uuid(rng), status_code: 403 },
          );
        if (r < 0.75)
          return structlogLine(t, 'info', 'ledgerly.invoices', 'invoice_viewed', {
            request_id: uuid(rng),
            invoice_id: rng.int(10_000, 99_999),
            account_id: rng.int(1, 900),
          });
        if (r < 0.9)
          return structlogLine(t, 'info', 'ledgerly.accounts', 'user_logged_in', {
            request_id: uuid(rng),
            user_id: rng.int(1, 4_000),
          });
        return structlogLine(t, 'warning', 'ledgerly.billing', 'stripe_webhook_duplicate', {
          request_id: uuid(rng),
          stripe_event: `evt_${rng.hex(24)}`,
        });
      },
    );
    const started =
      p.from ?? b.timeline.start - 4 * 3600 - b.rng(`web-start:${p.name}`).int(0, 3600);
    b.logsAt(saasStream(p), [
      { at: started, line: gunicornLine(started, 1, 'INFO', 'Starting gunicorn 23.0.0') },
      {
        at: started + 0.1,
        line: gunicornLine(started, 1, 'INFO', 'Listening at: http://0.0.0.0:8000 (1)'),
      },
      { at: started + 0.2, line: gunicornLine(started, 1, 'INFO', 'Using worker: sync') },
      ...[7, 8, 9, 10].map((pid, i) => ({
        at: started + 0.3 + i * 0.05,
        line: gunicornLine(started, pid, 'INFO', `Booting worker with pid: ${pid}`),
      })),
    ]);
  }
  // Celery workers: received/succeeded lines at the consumed rate, failures with tracebacks.
  const workers = pods['celery-worker']!;
  for (const p of workers) {
    const up = (t: number) => fault.workersUp?.(t) ?? WORKER_PODS;
    const isUpOf = (x: SaasPod, t: number) => {
      const generation = workers.filter((y) => (y.from === null) === (x.from === null));
      return alive(x, t) && generation.indexOf(x) < Math.round(up(t));
    };
    const part = (t: number) =>
      isUpOf(p, t) ? 1 / Math.max(1, workers.filter((x) => isUpOf(x, t)).length) : 0;
    b.logs(
      saasStream(p),
      (t) => part(t) * frameAt(t).consumed * 60 * 2,
      (t, rng) => {
        let pick = rng.next();
        const task = TASKS.find((x) => (pick -= x.share) <= 0) ?? TASKS[0];
        const id = uuid(rng);
        const failures = fault.taskFailures?.(task, t) ?? [];
        let roll = rng.next();
        const failure = failures.find((x) => (roll -= x.share) <= 0);
        const worker = `ForkPoolWorker-${rng.int(1, 4)}`;
        if (failure?.line) return failure.line(t, task.name, id, rng);
        if (failure) {
          const tb = [
            'Traceback (most recent call last):',
            '  File "/usr/local/lib/python3.12/site-packages/celery/app/trace.py", line 453, in trace_task',
            '    R = retval = fun(*args, **kwargs)',
            ...(failure.frames ?? []),
            `${failure.exception}: ${failure.message}`,
          ].join('\n');
          return celeryLine(
            t,
            'ERROR',
            worker,
            `Task ${task.name}[${id}] raised unexpected: ${failure.exception.split('.').pop()}(${JSON.stringify(failure.message)})\n${tb}`,
          );
        }
        const secs = (frameAt(t).taskMs[task.name]! * (0.6 + 0.8 * rng.next())) / 1000;
        return rng.next() < 0.5
          ? celeryLine(t, 'INFO', 'MainProcess', `Task ${task.name}[${id}] received`)
          : celeryLine(
              t,
              'INFO',
              worker,
              `Task ${task.name}[${id}] succeeded in ${secs.toFixed(3)}s: None`,
            );
      },
    );
  }
  // celery beat.
  const beat = pods['celery-beat']![0]!;
  b.logs(
    saasStream(beat),
    () => 1.2,
    (t, rng) => {
      const [entry, task] = rng.pick([
        ['sync-stripe-payouts', 'billing.tasks.sync_stripe_payment'],
        ['send-overdue-reminders', 'billing.tasks.send_invoice_email'],
        ['retry-failed-webhooks', 'webhooks.tasks.deliver_webhook'],
      ] as const);
      return celeryLine(t, 'INFO', 'MainProcess', `Scheduler: Sending due task ${entry} (${task})`);
    },
  );
  // PostgreSQL: checkpoints and autovacuum.
  const pg = pods.postgres![0]!;
  b.logs(
    saasStream(pg),
    () => 0.5,
    (t, rng) =>
      rng.next() < 0.5
        ? postgresLine(
            t,
            rng,
            'LOG',
            `checkpoint complete: wrote ${rng.int(300, 4000)} buffers (${(rng.next() * 6).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${rng.int(0, 3)} recycled; write=${(rng.next() * 200).toFixed(3)} s, sync=0.${rng.int(10, 99)}3 s, total=${(rng.next() * 200 + 10).toFixed(3)} s`,
          )
        : postgresLine(
            t,
            rng,
            'LOG',
            `automatic vacuum of table "ledgerly.public.${rng.pick(['billing_invoice', 'billing_invoiceline', 'django_session', 'webhooks_delivery'])}": index scans: 1`,
          ),
  );
  // Redis: RDB snapshots.
  const redis = pods.redis![0]!;
  b.logs(
    saasStream(redis),
    () => 0.2,
    (t, rng) => {
      const d = new Date(t * 1000);
      const stamp = `${String(d.getUTCDate()).padStart(2, '0')} ${d.toUTCString().slice(8, 11)} ${d.getUTCFullYear()} ${iso(t).slice(11, 23)}`;
      return rng.pick([
        `1:M ${stamp} * 100 changes in 300 seconds. Saving...`,
        `1:M ${stamp} * Background saving started by pid ${rng.int(1000, 9999)}`,
        `${rng.int(1000, 9999)}:C ${stamp} * DB saved on disk`,
        `1:M ${stamp} * Background saving terminated with success`,
      ]);
    },
  );
  // RabbitMQ: connection churn from the web pods' publishers.
  const rabbit = pods.rabbitmq![0]!;
  b.logs(
    saasStream(rabbit),
    () => 0.4,
    (t, rng) => {
      const src = rng.pick([...webPods, ...workers]);
      const pid = `<0.${rng.int(1000, 60000)}.0>`;
      const stamp = iso(t).replace('T', ' ').replace('Z', '000+00:00');
      return rng.next() < 0.5
        ? `${stamp} [info] ${pid} accepting AMQP connection ${src.ip}:${rng.int(32768, 60999)} -> ${rabbit.ip}:5672`
        : `${stamp} [info] ${pid} connection ${src.ip}:${rng.int(32768, 60999)} -> ${rabbit.ip}:5672: user 'ledgerly' authenticated and granted access to vhost '/'`;
    },
  );
}

export const onset =
  (start: number, value: number, rampSeconds = 0): Curve =>
  (t) =>
    value * ramp(t, start, rampSeconds);

/** The services the Ledgerly team declares. */
export const SAAS_SERVICES: EvalService[] = [
  {
    name: 'web',
    description: 'Django monolith (gunicorn) serving app.ledgerly.io and api.ledgerly.io',
    aliases: ['django', 'app', 'api'],
    labelMatchers: { loki: { app: 'web' }, prometheus: { job: 'ledgerly/web' } },
  },
  {
    name: 'celery-worker',
    description: 'Celery workers: invoice e-mails, PDFs, Stripe sync, outgoing webhooks',
    aliases: ['worker', 'celery', 'workers'],
    labelMatchers: { loki: { app: 'celery-worker' } },
  },
  {
    name: 'celery-beat',
    description: 'Celery beat scheduler',
    aliases: ['beat', 'scheduler'],
    labelMatchers: {},
  },
  {
    name: 'rabbitmq',
    description: 'RabbitMQ broker for Celery',
    aliases: ['broker', 'amqp'],
    labelMatchers: { prometheus: { job: 'rabbitmq' } },
  },
  {
    name: 'postgres',
    description: 'PostgreSQL 16, the main database (ledgerly)',
    aliases: ['postgresql', 'database', 'db'],
    labelMatchers: {},
  },
  {
    name: 'redis',
    description: 'Redis: Django cache and sessions, Celery results',
    aliases: ['cache', 'redis-master'],
    labelMatchers: {},
  },
  {
    name: 'ingress-nginx',
    description: 'ingress-nginx controller terminating TLS for app.ledgerly.io and api.ledgerly.io',
    aliases: ['nginx', 'ingress', 'load balancer'],
    labelMatchers: {},
  },
  {
    name: 'stripe',
    description: 'Stripe API (external), used for checkout and payment sync',
    aliases: ['stripe api', 'payments provider'],
    labelMatchers: {},
  },
];
