import { ramp } from '../independent/builder.js';
import { standardShape, type TuningCase } from './case.js';
import {
  celeryLine,
  emitSaas,
  gunicornLine,
  onset,
  postgresLine,
  SAAS_SERVICES,
  saasStream,
  structlogLine,
  type WebFailure,
} from './saas.js';

export const SITE = '/usr/local/lib/python3.12/site-packages';

/** What Django shows when psycopg2 cannot open a connection. */
export function pgConnectFailure(
  detail: string,
): Pick<WebFailure, 'exception' | 'message' | 'frames'> {
  const message = `connection to server at "postgres.ledgerly.svc.cluster.local" (10.43.112.40), port 5432 failed: ${detail}`;
  return {
    exception: 'django.db.utils.OperationalError',
    message,
    frames: [
      `  File "${SITE}/django/db/backends/base/base.py", line 279, in ensure_connection`,
      '    self.connect()',
      `  File "${SITE}/django/db/backends/base/base.py", line 256, in connect`,
      '    self.connection = self.get_new_connection(conn_params)',
      `  File "${SITE}/django/db/backends/postgresql/base.py", line 332, in get_new_connection`,
      '    connection = self.Database.connect(**conn_params)',
      `  File "${SITE}/psycopg2/__init__.py", line 122, in connect`,
      '    conn = _connect(dsn, connection_factory=connection_factory, **kwasync)',
      `psycopg2.OperationalError: ${message}`,
      '',
      'The above exception was the direct cause of the following exception:',
      '',
      'Traceback (most recent call last):',
      `  File "${SITE}/django/core/handlers/exception.py", line 55, in inner`,
      '    response = get_response(request)',
      `  File "${SITE}/django/db/backends/base/base.py", line 279, in ensure_connection`,
      '    self.connect()',
    ],
  };
}

/**
 * A BI tool (Metabase) connected to the production primary with a 75-connection
 * pool; PostgreSQL reaches max_connections (100) and refuses new ones. Web and
 * the workers relay "sorry, too many clients already".
 */
const postgresTooManyClients: TuningCase = {
  id: 'saas-postgres-too-many-clients',
  system: 'saas',
  title: 'PostgreSQL reaches max_connections after a BI tool connects',
  question:
    'We are getting a wave of 500s on the app and some Celery tasks fail since about half an hour. What is going on?',
  expected: { service: 'postgres', causes: ['connections'] },
  fault:
    'Metabase opened ~75 idle connections to the primary; pg_stat_activity_count reaches max_connections (100, 3 reserved); new connections from web and the workers fail with "FATAL: sorry, too many clients already" (about a third of requests, 40 % of tasks).',
  facts: ['too many clients', 'max_connections', 'postgres'],
  services: SAAS_SERVICES,
  shape: standardShape,
  generate(b, faultStart) {
    const refused = onset(faultStart, 1, 120);
    const failure = pgConnectFailure('FATAL:  sorry, too many clients already');
    const { pods, frameAt } = emitSaas(b, {
      postgres: { otherConnections: { idle: onset(faultStart - 300, 75, 320) } },
      webFailures: (_v, t) => [
        { share: 0.34 * refused(t), status: '500', latencyMs: 25, ...failure },
      ],
      taskFailures: (_task, t) => [
        {
          share: 0.4 * refused(t),
          exception: 'django.db.utils.OperationalError',
          message: failure.message!,
          frames: failure.frames!.slice(0, 8),
        },
      ],
    });
    const pg = pods.postgres![0]!;
    // log_connections is on: the BI tool's connections arrive, then the refusals.
    const arrivals = Array.from({ length: 75 }, (_x, i) => faultStart - 300 + i * 4.2);
    b.logsAt(
      saasStream(pg),
      arrivals.map((at, i) => ({
        at,
        line: postgresLine(
          at,
          b.rng(`arr:${i}`),
          'LOG',
          `connection authorized: user=metabase database=ledgerly application_name=Metabase v0.51.4 [Database ID: 2]`,
        ),
      })),
    );
    b.logs(
      saasStream(pg),
      (t) => 60 * refused(t) * (frameAt(t).webRate * 0.34 * 0.25 + frameAt(t).consumed * 0.4),
      (t, rng) => postgresLine(t, rng, 'FATAL', 'sorry, too many clients already'),
    );
  },
};

/** Celery's start-up banner (what a worker prints before it loads its tasks). */
function celeryBanner(at: number, host: string): Array<{ at: number; line: string }> {
  return [
    ` -------------- celery@${host} v5.4.0 (opalescent)`,
    '--- ***** ----- ',
    '-- ******* ---- Linux-6.1.100+-x86_64-with-glibc2.36 2026-12-07 ' +
      new Date(at * 1000).toISOString().slice(11, 19),
    '- *** --- * --- ',
    '- ** ---------- [config]',
    '- ** ---------- .> app:         ledgerly:0x7f3c2a1b9d50',
    '- ** ---------- .> transport:   amqp://ledgerly:**@rabbitmq:5672//',
    '- ** ---------- .> results:     redis://redis-master:6379/1',
    '- *** --- * --- .> concurrency: 4 (prefork)',
  ].map((line, i) => ({ at: at + i * 0.01, line }));
}

/**
 * A worker release (Recreate strategy) whose image lacks a dependency the new
 * PDF code imports: every worker crashes at start ("Unrecoverable error:
 * ModuleNotFoundError"), CrashLoopBackOff, nobody consumes the queue. The web
 * app keeps publishing; e-mails and PDFs pile up in RabbitMQ.
 */
const workerCrashLoop: TuningCase = {
  id: 'saas-celery-worker-crashloop-after-deploy',
  system: 'saas',
  title: 'Celery workers crash-loop after a release; the queue backs up',
  question:
    'Customers say invoice e-mails stopped arriving about half an hour ago, but the app itself looks fine. What happened?',
  expected: {
    service: 'celery-worker',
    causes: ['deploy', 'exception', 'code_error', 'unavailable'],
  },
  fault:
    'celery-worker rolled out image 2026.12.07-2 (Recreate); the new image misses weasyprint, every worker dies at start with ModuleNotFoundError, CrashLoopBackOff; rabbitmq_queue_messages_ready{queue="celery"} grows without bound.',
  facts: ['modulenotfounderror', 'crashloopbackoff', 'celery'],
  services: SAAS_SERVICES,
  shape: standardShape,
  generate(b, faultStart) {
    const rolloutAt = faultStart - 10;
    const image = 'europe-docker.pkg.dev/ledgerly-prod/apps/ledgerly:2026.12.07-2';
    // kubelet's back-off: 10 s doubling to 5 min.
    const crashes: number[] = [];
    let at = rolloutAt + 8 + 6;
    let backoff = 10;
    while (at < b.timeline.end) {
      crashes.push(at);
      at += backoff + 6;
      backoff = Math.min(300, backoff * 2);
    }
    const { pods } = emitSaas(b, {
      rollout: { 'celery-worker': { at: rolloutAt, image, recreate: true } },
      workersUp: (t) => (t >= rolloutAt ? 0 : 3),
      restarts: {
        'celery-worker': { at: crashes, reason: 'Error', everyPod: true, crashLoop: true },
      },
    });
    const tb = [
      'Traceback (most recent call last):',
      `  File "${SITE}/celery/worker/worker.py", line 202, in start`,
      '    self.blueprint.start(self)',
      `  File "${SITE}/celery/bootsteps.py", line 116, in start`,
      '    step.start(parent)',
      `  File "${SITE}/celery/loaders/base.py", line 97, in import_default_modules`,
      '    return [self.import_task_module(m) for m in self.default_modules]',
      '  File "/app/ledgerly/billing/tasks.py", line 11, in <module>',
      '    from ledgerly.billing.pdf import render_invoice_pdf',
      '  File "/app/ledgerly/billing/pdf.py", line 5, in <module>',
      '    from weasyprint import HTML, CSS',
      "ModuleNotFoundError: No module named 'weasyprint'",
    ].join('\n');
    for (const p of pods['celery-worker']!.filter((x) => x.from !== null)) {
      const starts = [p.from!, ...crashes.map((c) => c + 4)].filter((s) => s < b.timeline.end);
      b.logsAt(
        saasStream(p),
        starts.flatMap((s) => [
          ...celeryBanner(s, p.name),
          {
            at: s + 1.2,
            line: `${celeryLine(s + 1.2, 'CRITICAL', 'MainProcess', `Unrecoverable error: ModuleNotFoundError("No module named 'weasyprint'")`)}\n${tb}`,
          },
        ]),
      );
    }
  },
};

/**
 * Redis (cache, sessions) fills to maxmemory: a new page caches large
 * per-account previews without a TTL. With allkeys-lru it evicts sessions and
 * cached fragments: users are logged out, the hit ratio collapses, pages
 * recompute what the cache held and get slow.
 */
const redisEvictions: TuningCase = {
  id: 'saas-redis-maxmemory-evictions',
  system: 'saas',
  title: 'Redis reaches maxmemory and evicts the cache and sessions',
  question:
    'Users keep getting logged out and the dashboard is slow since around half an hour ago. Any idea?',
  expected: { service: 'redis', causes: ['memory'] },
  fault:
    'redis_memory_used_bytes climbs to redis_memory_max_bytes (2 GiB) over 20 minutes; then allkeys-lru evicts ~180 keys/s, the Django cache hit ratio falls from 94 % to ~35 %, dashboard and invoice pages slow down 3-5x.',
  facts: ['evict', 'maxmemory', 'redis'],
  services: SAAS_SERVICES,
  shape: standardShape,
  generate(b, faultStart) {
    const full = onset(faultStart, 1, 90);
    emitSaas(b, {
      redis: {
        usedMemoryBytes: (t) =>
          1_310_000_000 +
          (2_147_483_648 - 1_310_000_000) * ramp(t, faultStart - 1200, 1200) -
          (t >= faultStart ? 2_000_000 : 0),
        evictionsPerSecond: (t) => 180 * full(t),
      },
      cacheHitRatio: (t) => 0.94 - 0.59 * full(t),
    });
  },
};

/**
 * A web release with an N+1 query in the invoice list (serializer touching
 * each line's customer): ~180 extra queries per request on two views. The
 * database works harder (a red herring), but the change is web's.
 */
const webNPlusOne: TuningCase = {
  id: 'saas-web-deploy-n-plus-one',
  system: 'saas',
  title: 'A web release adds an N+1 query to the invoice list',
  question:
    'The invoices page and the invoices API became slow in the last half hour. Is the database struggling?',
  expected: { service: 'web', causes: ['deploy', 'code_error'] },
  fault:
    'web rolled out 2026.12.07-1 one minute before the onset; invoices:invoice_list and api:invoice-list run ~180 extra queries per request (django_db_execute_total x6), their latency goes from ~50 ms to ~250 ms; PostgreSQL is busier but healthy.',
  facts: ['2026.12.07-1', 'invoice', 'queries'],
  services: SAAS_SERVICES,
  shape: standardShape,
  generate(b, faultStart) {
    const rolloutAt = faultStart - 60;
    const image = 'europe-docker.pkg.dev/ledgerly-prod/apps/ledgerly:2026.12.07-1';
    const newCode = onset(rolloutAt, 1, 90);
    const { pods } = emitSaas(b, {
      rollout: { web: { at: rolloutAt, image } },
      extraQueries: (v, t) =>
        v.view === 'invoices:invoice_list' || v.view === 'api:invoice-list' ? 180 * newCode(t) : 0,
    });
    for (const p of pods.web!.filter((x) => x.from !== null)) {
      const s = p.from!;
      b.logsAt(saasStream(p), [
        { at: s, line: gunicornLine(s, 1, 'INFO', 'Starting gunicorn 23.0.0') },
        { at: s + 0.1, line: gunicornLine(s, 1, 'INFO', 'Listening at: http://0.0.0.0:8000 (1)') },
        { at: s + 0.2, line: gunicornLine(s, 1, 'INFO', 'Using worker: sync') },
        ...[7, 8, 9, 10].map((pid, i) => ({
          at: s + 0.3 + i * 0.05,
          line: gunicornLine(s, pid, 'INFO', `Booting worker with pid: ${pid}`),
        })),
        {
          at: s + 2.1,
          line: structlogLine(s + 2.1, 'info', 'ledgerly.apps', 'app_ready', {
            version: '2026.12.07-1',
            git_sha: '9c41e0b',
            settings: 'ledgerly.settings.production',
          }),
        },
      ]);
    }
    for (const p of pods.web!.filter((x) => x.from === null)) {
      b.logsAt(saasStream(p), [
        { at: p.until! - 1, line: gunicornLine(p.until! - 1, 1, 'INFO', 'Handling signal: term') },
        {
          at: p.until! - 0.5,
          line: gunicornLine(p.until! - 0.5, 1, 'INFO', 'Shutting down: Master'),
        },
      ]);
    }
  },
};

export const saasCases: TuningCase[] = [
  postgresTooManyClients,
  workerCrashLoop,
  redisEvictions,
  webNPlusOne,
];
