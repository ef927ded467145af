import { iso } from '../independent/builder.js';
import { podSuffix } from '../independent/random.js';
import { standardShape, type TuningCase } from './case.js';
import {
  celeryLine,
  emitSaas,
  gunicornLine,
  onset,
  postgresLine,
  SAAS_SERVICES,
  saasStream,
} from './saas.js';
import { pgConnectFailure, SITE } from './saas-cases.js';

// The second batch of Ledgerly cases (written after the first was handed over).

/**
 * Stripe has an incident: API calls hang or fail with 5xx. Checkout calls
 * Stripe synchronously in a gunicorn sync worker; stripe-python's 80 s
 * timeout outlives gunicorn's 30 s, so most hung checkouts end with
 * "WORKER TIMEOUT" and a 502 from ingress-nginx; the fast failures are
 * caught and answered 502 by the view. Payment-sync tasks fail too.
 */
const stripeDegraded: TuningCase = {
  id: 'saas-stripe-api-degraded',
  system: 'saas',
  title: 'The Stripe API hangs and fails; checkout returns 502',
  question:
    'Checkout is failing for a lot of customers since about 30 minutes ago, they get a 502. What is broken?',
  expected: {
    service: 'stripe',
    causes: ['unavailable', 'slow_dependency', 'exception', 'network'],
  },
  fault:
    'api.stripe.com degraded: 55 % of checkout calls hang until gunicorn kills the worker at 30 s (WORKER TIMEOUT, 502 from ingress-nginx), 25 % fail fast with stripe.error.APIError (the view answers 502); sync_stripe_payment tasks fail with APIConnectionError.',
  facts: ['stripe', 'worker timeout', '502'],
  services: SAAS_SERVICES,
  shape: standardShape,
  generate(b, faultStart) {
    const on = onset(faultStart, 1, 60);
    const apiError = {
      exception: 'stripe.error.APIError',
      message: `Request req_${b.rng('req').hex(14)}: An unknown error occurred`,
      frames: [
        '  File "/app/ledgerly/billing/views.py", line 88, in checkout',
        '    intent = stripe.PaymentIntent.create(amount=invoice.total_cents, currency=invoice.currency, customer=account.stripe_customer_id)',
        `  File "${SITE}/stripe/_payment_intent.py", line 2411, in create`,
        '    cls._static_request(',
        `  File "${SITE}/stripe/_api_requestor.py", line 412, in request`,
        '    resp = requestor._interpret_response(rbody, rcode, rheaders, api_mode)',
      ],
    };
    const { pods, frameAt } = emitSaas(b, {
      stripeExtraMs: (t) => 4000 * on(t),
      webFailures: (v, t) =>
        v.view === 'billing:checkout'
          ? [
              { share: 0.55 * on(t), status: '502', atIngress: true, latencyMs: 30_000 },
              { share: 0.25 * on(t), status: '502', latencyMs: 2100, ...apiError },
            ]
          : [],
      taskFailures: (task, t) =>
        task.name === 'billing.tasks.sync_stripe_payment'
          ? [
              {
                share: 0.6 * on(t),
                exception: 'stripe.error.APIConnectionError',
                message:
                  "Unexpected error communicating with Stripe. If this problem persists, let us know at support@stripe.com.\n\n(Network error: ReadTimeout: HTTPSConnectionPool(host='api.stripe.com', port=443): Read timed out. (read timeout=80))",
              },
            ]
          : [],
    });
    const checkoutHangs = (t: number) => frameAt(t).views['billing:checkout']!.rate * 0.55 * on(t);
    for (const p of pods.web!) {
      let pid = 40;
      b.logs(
        saasStream(p),
        (t) => (checkoutHangs(t) * 60) / 3,
        (t) => {
          pid += 1;
          return [
            gunicornLine(t, 1, 'CRITICAL', `WORKER TIMEOUT (pid:${pid})`),
            gunicornLine(t + 0.2, pid, 'INFO', `Worker exiting (pid: ${pid})`),
            gunicornLine(t + 0.4, 1, 'INFO', `Booting worker with pid: ${pid + 100}`),
          ].join('\n');
        },
      );
    }
    const ctl = pods['ingress-nginx-controller']![0]!;
    b.logs(
      saasStream(ctl),
      (t) => checkoutHangs(t) * 60,
      (t, rng) => {
        const web = rng.pick(pods.web!);
        const d = iso(t);
        return `${d.slice(0, 10).replace(/-/g, '/')} ${d.slice(11, 19)} [error] ${rng.int(20, 40)}#${rng.int(20, 40)}: *${rng.int(100_000, 999_999)} upstream prematurely closed connection while reading response header from upstream, client: 203.0.113.${rng.int(2, 250)}, server: app.ledgerly.io, request: "POST /billing/checkout/ HTTP/2.0", upstream: "http://${web.ip}:8000/billing/checkout/", host: "app.ledgerly.io", referrer: "https://app.ledgerly.io/billing/"`;
      },
    );
  },
};

/**
 * A logical replication slot left behind by a stopped Debezium connector pins
 * WAL; the 50 GB data volume fills. At 0 bytes free PostgreSQL PANICs on a WAL
 * write, recovers, and from then on every write fails with "No space left on
 * device"; reads keep working.
 */
const postgresDiskFull: TuningCase = {
  id: 'saas-postgres-disk-full',
  system: 'saas',
  title: 'PostgreSQL data volume full (WAL pinned by an inactive replication slot)',
  question:
    'Saving invoices fails with a server error since about half an hour ago, but browsing works. What is going on?',
  expected: { service: 'postgres', causes: ['disk'] },
  fault:
    'WAL retained by the inactive slot `debezium_ledgerly` fills data-postgres-0 (kubelet_volume_stats_available_bytes -> 0); PostgreSQL PANICs once ("could not write to file pg_wal/xlogtemp"), recovers, then every write fails with "could not extend file ... No space left on device"; web POSTs and most tasks relay it.',
  facts: ['no space left on device', 'postgres', 'wal'],
  services: SAAS_SERVICES,
  shape: standardShape,
  generate(b, faultStart) {
    const fillStart = faultStart - 2400;
    const level = 6_400_000_000;
    const avail = (t: number) =>
      t < fillStart
        ? level + (fillStart - t) * 1_100
        : Math.max(0, level - (t - fillStart) * (level / 2400));
    const full = (t: number) => t >= faultStart;
    const recovering = (t: number) => t >= faultStart + 5 && t < faultStart + 50;
    const diskError = {
      exception: 'django.db.utils.OperationalError',
      message:
        'could not extend file "base/16384/24718": No space left on device\nHINT:  Check free disk space.',
      frames: [
        `  File "${SITE}/django/db/backends/utils.py", line 105, in _execute`,
        '    return self.cursor.execute(sql, params)',
        `  File "${SITE}/psycopg2/extras.py", line 236, in execute`,
        '    return super().execute(query, vars)',
        'psycopg2.errors.DiskFull: could not extend file "base/16384/24718": No space left on device',
        'HINT:  Check free disk space.',
        '',
        'The above exception was the direct cause of the following exception:',
        '',
        'Traceback (most recent call last):',
        '  File "/app/ledgerly/invoices/views.py", line 142, in post',
        '    invoice.save(update_fields=["status", "sent_at"])',
      ],
    };
    const recoveryError = pgConnectFailure('FATAL:  the database system is in recovery mode');
    const { pods, frameAt } = emitSaas(b, {
      postgres: { volumeAvailableBytes: avail, up: (t) => (recovering(t) ? 0 : 1) },
      webFailures: (v, t) => {
        if (recovering(t)) return [{ share: 1, status: '500', latencyMs: 20, ...recoveryError }];
        if (!full(t)) return [];
        return [
          { share: v.method === 'POST' ? 1 : 0.03, status: '500', latencyMs: 35, ...diskError },
        ];
      },
      taskFailures: (_task, t) =>
        full(t)
          ? [
              {
                share: 0.85,
                exception: 'django.db.utils.OperationalError',
                message: diskError.message,
                frames: diskError.frames.slice(0, 4),
              },
            ]
          : [],
    });
    const pg = pods.postgres![0]!;
    const labels = {
      job: 'postgres-exporter',
      namespace: 'ledgerly',
      pod: pg.name,
      instance: `${pg.ip}:9187`,
    };
    const slot = {
      ...labels,
      slot_name: 'debezium_ledgerly',
      datname: 'ledgerly',
      slot_type: 'logical',
    };
    b.gauge('pg_replication_slots_active', slot, (t) => (recovering(t) ? null : 0), {
      noise: false,
    });
    b.gauge(
      'pg_replication_slots_pg_wal_lsn_diff',
      slot,
      (t) => (recovering(t) ? null : 43_000_000_000 - avail(t)),
      { noise: false },
    );
    const r = b.rng('pg-crash');
    const pid = 2817;
    const crash = faultStart + 4;
    const stamp = (t: number) => iso(t).replace('T', ' ').slice(0, 19);
    const at = (t: number, tag: string, message: string) => ({
      at: t,
      line: postgresLine(t, r, tag, message),
    });
    b.logsAt(saasStream(pg), [
      at(
        crash,
        'PANIC',
        `could not write to file "pg_wal/xlogtemp.${pid}": No space left on device`,
      ),
      at(crash + 0.3, 'LOG', `server process (PID ${pid}) was terminated by signal 6: Aborted`),
      at(crash + 0.31, 'LOG', 'terminating any other active server processes'),
      at(crash + 1, 'LOG', 'all server processes terminated; reinitializing'),
      at(
        crash + 1.4,
        'LOG',
        `database system was interrupted; last known up at ${stamp(crash - 240)} GMT`,
      ),
      at(
        crash + 1.5,
        'LOG',
        'database system was not properly shut down; automatic recovery in progress',
      ),
      at(crash + 1.6, 'LOG', 'redo starts at 1A/6F0000A0'),
      at(faultStart + 49, 'LOG', 'database system is ready to accept connections'),
    ]);
    b.logs(
      saasStream(pg),
      (t) => {
        if (!full(t) || recovering(t)) return 0;
        const f = frameAt(t);
        const posts = ['invoices:invoice_send', 'billing:checkout', 'api:webhook-stripe'].reduce(
          (s, v) => s + f.views[v]!.rate,
          0,
        );
        return 60 * (posts + f.consumed * 0.85);
      },
      (t, rng) =>
        rng.next() < 0.7
          ? postgresLine(
              t,
              rng,
              'ERROR',
              `could not extend file "base/16384/${rng.pick([24718, 24718, 24731, 25002])}": No space left on device`,
            )
          : postgresLine(
              t,
              rng,
              'WARNING',
              `could not write to file "pg_wal/xlogtemp.${rng.int(3000, 9000)}": No space left on device`,
            ),
    );
  },
};

/**
 * cert-manager has failed to renew api.ledgerly.io for a month (its HTTP-01
 * self-check is blocked by a NetworkPolicy added in November); the
 * certificate expires. Clients that verify TLS (the mobile app, Stripe's
 * webhooks, integrations) stop reaching nginx at all; app.ledgerly.io, on
 * another certificate, is fine.
 */
const certExpired: TuningCase = {
  id: 'saas-ingress-certificate-expired',
  system: 'saas',
  title: 'The api.ledgerly.io certificate expires (renewal failing for weeks)',
  question:
    'Our mobile app cannot connect since about half an hour ago (it says the connection is not secure) and Stripe webhooks stopped arriving. The web app works. Help?',
  expected: { service: 'ingress-nginx', causes: ['certificate'] },
  fault:
    'The TLS certificate of api.ledgerly.io (secret ledgerly-api-tls) expires at the onset; nginx_ingress_controller_ssl_expire_time_seconds and certmanager_certificate_expiration_timestamp_seconds say so, certmanager_certificate_ready_status False; api traffic falls to ~4 % (clients that skip verification).',
  facts: ['certificate', 'api.ledgerly.io', 'expire'],
  services: SAAS_SERVICES,
  shape: standardShape,
  generate(b, faultStart) {
    emitSaas(b, {
      certificate: { apiExpiresAt: faultStart, renewalFailing: true },
      hostLoad: { 'api.ledgerly.io': (t) => (t >= faultStart ? 0.04 : 1) },
    });
    const labels = {
      namespace: 'cert-manager',
      app: 'cert-manager',
      pod: `cert-manager-${podSuffix(b.rng('pod:cert-manager'))}`,
      container: 'cert-manager-controller',
      job: 'cert-manager/cert-manager',
    };
    b.logs(
      labels,
      () => 0.4,
      (t, rng) => {
        const d = new Date(t * 1000);
        const klog = `E${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')} ${iso(t).slice(11, 23)}000       1`;
        const token = rng.hex(43);
        return rng.next() < 0.6
          ? `${klog} sync.go:190] "propagation check failed" err="failed to perform self check GET request 'http://api.ledgerly.io/.well-known/acme-challenge/${token}': Get \\"http://api.ledgerly.io/.well-known/acme-challenge/${token}\\": dial tcp 34.120.18.7:80: i/o timeout" logger="cert-manager.controller" resource_name="ledgerly-api-tls-1-2518874501-3920111123" resource_namespace="ledgerly" resource_kind="Challenge" resource_version="v1" dnsName="api.ledgerly.io" type="HTTP-01"`
          : `${klog} controller.go:167] "re-queuing item due to error processing" err="Waiting for HTTP-01 challenge propagation: failed to perform self check GET request" logger="cert-manager.challenges" key="ledgerly/ledgerly-api-tls-1-2518874501-3920111123"`;
      },
    );
  },
};

/**
 * A customer's 20,000-line invoice makes generate_invoice_pdf balloon past
 * the worker container's 1.5 GiB limit. The kernel kills the pool process
 * (the container survives: no restart in kube-state, but cAdvisor counts OOM
 * events); the task is redelivered (acks_late) and kills the next one.
 */
const workerOom: TuningCase = {
  id: 'saas-celery-worker-oom-pdf',
  system: 'saas',
  title: 'PDF generation OOM-kills Celery pool processes',
  question:
    'PDF invoices have not been generated for the last half hour and customers are complaining. Why?',
  expected: { service: 'celery-worker', causes: ['memory'] },
  fault:
    "generate_invoice_pdf on a 20k-line invoice grows a pool process past the 1.5 GiB limit; the kernel OOM-kills it (container_oom_events_total, working set at the limit), Celery logs `WorkerLostError('Worker exited prematurely: signal 9 (SIGKILL) Job: ...')`; 70 % of PDF tasks fail.",
  facts: ['sigkill', 'memory', 'generate_invoice_pdf'],
  services: SAAS_SERVICES,
  shape: standardShape,
  generate(b, faultStart) {
    const kills: number[] = [];
    for (let t = faultStart + 20; t < b.timeline.end; t += 75) kills.push(t);
    emitSaas(b, {
      oomKills: { 'celery-worker': kills },
      memoryMiB: {
        'celery-worker': (t) => {
          if (t < faultStart) return 620 * (1 + 0.03 * Math.sin(t / 2100));
          const phase = ((t - faultStart) % 225) / 225;
          return 700 + 836 * Math.min(1, phase * 1.6);
        },
      },
      taskFailures: (task, t) =>
        task.name === 'billing.tasks.generate_invoice_pdf' && t >= faultStart
          ? [
              {
                share: 0.7,
                exception: 'billiard.exceptions.WorkerLostError',
                message: 'Worker exited prematurely: signal 9 (SIGKILL) Job: 4182.',
                line: (at, _task, _id, rng) => {
                  const job = rng.int(4000, 9000);
                  const pid = rng.int(100, 900);
                  return [
                    celeryLine(
                      at,
                      'ERROR',
                      'MainProcess',
                      `Process 'ForkPoolWorker-${rng.int(1, 4)}' pid:${pid} exited with 'signal 9 (SIGKILL)'`,
                    ),
                    celeryLine(
                      at + 0.01,
                      'ERROR',
                      'MainProcess',
                      `Task handler raised error: WorkerLostError('Worker exited prematurely: signal 9 (SIGKILL) Job: ${job}.')`,
                    ),
                    'Traceback (most recent call last):',
                    `  File "${SITE}/billiard/pool.py", line 1265, in mark_as_worker_lost`,
                    '    raise WorkerLostError(',
                    `billiard.exceptions.WorkerLostError: Worker exited prematurely: signal 9 (SIGKILL) Job: ${job}.`,
                  ].join('\n');
                },
              },
            ]
          : [],
    });
  },
};

/**
 * Control: the daily invoice run. Every day at this time beat enqueues
 * ~14,000 PDF and e-mail tasks in ten minutes; the queue peaks in the
 * thousands, the workers run flat out (CPU-throttled at their limit) and
 * drain it. The data holds the same stretch of yesterday, which looks the same.
 */
const dailyRun: TuningCase = {
  id: 'saas-control-daily-invoice-run',
  system: 'saas',
  title: 'Control: the daily invoice run fills and drains the queue',
  question:
    'The task queue graph jumped a lot a little while ago and the workers are pegged. Is something wrong?',
  expected: { service: null, causes: [] },
  fault:
    "Nothing is wrong: celery beat's daily-invoice-run enqueues ~24 tasks/s for 10 minutes at the same time every day (yesterday included in the data); the backlog peaks and drains; no task fails.",
  facts: [],
  services: SAAS_SERVICES,
  shape: { ...standardShape, yesterday: true },
  generate(b, faultStart) {
    const inRun = (t: number) => {
      const offset = (((t - faultStart) % 86_400) + 86_400) % 86_400;
      return offset < 600;
    };
    const { pods } = emitSaas(b, {
      extraPublish: (t) => (inRun(t) ? 24 : 0),
      extraCpu: { 'celery-worker': (t) => (inRun(t) ? 0.9 : 0) },
    });
    const beat = pods['celery-beat']![0]!;
    b.logsAt(
      saasStream(beat),
      [faultStart - 86_400, faultStart].map((at) => ({
        at,
        line: celeryLine(
          at,
          'INFO',
          'MainProcess',
          'Scheduler: Sending due task daily-invoice-run (billing.tasks.run_daily_invoicing)',
        ),
      })),
    );
  },
};

export const saasCasesSecondBatch: TuningCase[] = [
  stripeDegraded,
  postgresDiskFull,
  certExpired,
  workerOom,
  dailyRun,
];
