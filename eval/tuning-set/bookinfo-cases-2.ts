import { comma, ramp } from '../independent/builder.js';
import type { Curve } from '../independent/flow.js';
import { podSuffix } from '../independent/random.js';
import { BOOKINFO_SERVICES, edgeKey, emitBookinfo } from './bookinfo.js';
import { standardShape, type TuningCase } from './case.js';

// The second batch of Bookinfo cases (written after the first was handed over).

const after =
  (start: number, value: number, rampSeconds = 0): Curve =>
  (t) =>
    value * ramp(t, start, rampSeconds);
const stream = (pod: string, app: string, container: string) => ({
  namespace: 'bookinfo',
  app,
  pod,
  container,
  job: `bookinfo/${app}`,
});
const NODE_B = 'ip-10-0-2-114.ec2.internal';

/**
 * The Bookinfo "fault injection" task's delay, for everyone: a VirtualService
 * delays every call to ratings by 7 s in the callers' sidecars (flag DI).
 * reviews-v2 (10 s timeout) waits it out; reviews-v3 (2.5 s) gives up; and
 * productpage (3 s, two attempts) gives up on reviews-v2, so pages are slow
 * and often say reviews are unavailable. ratings' own latency is unchanged.
 */
const ratingsDelay: TuningCase = {
  id: 'bookinfo-ratings-fault-delay',
  system: 'bookinfo',
  title: 'Istio fault injection delays every call to ratings by 7 s',
  question:
    'Book pages take several seconds now and often say "Sorry, product reviews are currently unavailable for this book." What is going on?',
  expected: { service: 'ratings', causes: ['slow_dependency', 'network', 'config'] },
  fault:
    'A VirtualService for ratings with `fault.delay` fixedDelay 7s (100 %); source-reported latency to ratings +7 s with flag DI, ratings destination-reported latency normal; reviews-v3 and productpage time out (code 0, DC).',
  facts: ['7', 'ratings', 'delay'],
  services: BOOKINFO_SERVICES,
  shape: standardShape,
  generate(b, faultStart) {
    const on = (t: number) => t >= faultStart;
    emitBookinfo(b, {
      istioConfig: [{ at: faultStart - 15, resource: 'VirtualService/bookinfo/ratings' }],
      adjust(frame, t) {
        if (!on(t)) return;
        const v2 = frame.edges[edgeKey('reviews-v2', 'ratings-v2-mysql')]!;
        v2.okLatencyMs += 7000;
        v2.okFlags = 'DI';
        const v3 = frame.edges[edgeKey('reviews-v3', 'ratings-v2-mysql')]!;
        v3.failures = [
          {
            code: '0',
            flags: 'DI,DC',
            details: 'downstream_remote_disconnect',
            share: 1,
            latencyMs: 2500,
            serverCode: null,
          },
        ];
        // ratings only sees reviews-v2's calls now (v3's are abandoned inside the delay).
        frame.flow['ratings-v2-mysql']!.rate = v2.rate;
        frame.edges[edgeKey('ratings-v2-mysql', 'mysqldb-v1')]!.rate = v2.rate;
        frame.flow['reviews-v2']!.latencyMs += 7000;
        frame.flow['reviews-v3']!.latencyMs += 2500;
        const ppV2 = frame.edges[edgeKey('productpage-v1', 'reviews-v2')]!;
        ppV2.serverLatencyMs += 7000;
        ppV2.failures = [
          {
            code: '0',
            flags: 'DC',
            details: 'downstream_remote_disconnect',
            share: 1,
            latencyMs: 3000,
            serverCode: '200',
          },
        ];
        const ppV3 = frame.edges[edgeKey('productpage-v1', 'reviews-v3')]!;
        ppV3.okLatencyMs += 2500;
        ppV3.serverLatencyMs += 2500;
        // productpage waits 3 s on v2 and tries again (a third of the retries hit v2 once more).
        const extra = (3000 + (3000 + 2500 + 25) / 3) / 3 + 2500 / 3;
        frame.flow['productpage-v1']!.latencyMs += extra;
        const edge = frame.edges[edgeKey('istio-ingressgateway', 'productpage-v1')]!;
        edge.okLatencyMs += extra;
        edge.serverLatencyMs += extra;
      },
    });
  },
};

/**
 * details leaks memory (an unbounded in-process Hash filled by a crawler
 * walking every /details/<id>): its working set climbs to the 256 MiB limit,
 * the kernel OOM-kills it, it restarts, and climbs again. While it restarts
 * productpage's sidecar finds no healthy endpoint (503 UH).
 */
const detailsOom: TuningCase = {
  id: 'bookinfo-details-oomkilled',
  system: 'bookinfo',
  title: 'details leaks memory and is OOM-killed every few minutes',
  question:
    'Every few minutes book pages show "Sorry, product details are currently unavailable for this book." for a little while. What is wrong?',
  expected: { service: 'details', causes: ['memory'] },
  fault:
    'details grows ~27 MiB a minute up to its 256 MiB limit and is OOMKilled (4 times in the window); during each restart productpage gets 503 UH from its sidecar.',
  facts: ['oomkilled', 'details', '256'],
  services: BOOKINFO_SERVICES,
  shape: standardShape,
  generate(b, faultStart) {
    const leakStart = faultStart - 480;
    const cycle = 510; // seconds from a start to the next OOM kill
    const kills: number[] = [];
    for (let t = faultStart; t < b.timeline.end; t += cycle + 25) kills.push(t);
    const sinceStart = (t: number) => {
      const last = [leakStart, ...kills.map((k) => k + 25)].filter((k) => k <= t).pop();
      return last === undefined ? null : t - last;
    };
    const down = (t: number) => kills.some((k) => t >= k && t < k + 25);
    const { pods } = emitBookinfo(b, {
      effects: {
        unreachable: { 'details-v1': (t) => (down(t) ? 1 : 0) },
        failLatencyMs: { 'details-v1': () => 0.8 },
      },
      adjust(frame, t) {
        if (!down(t)) return;
        for (const f of frame.edges[edgeKey('productpage-v1', 'details-v1')]!.failures) {
          f.code = '503';
          f.flags = 'UH';
          f.details = 'no_healthy_upstream';
          delete f.transportFailure;
        }
      },
      memoryMiB: {
        'details-v1': (t) => {
          const s = sinceStart(t);
          if (s === null) return 38 * (1 + 0.03 * Math.sin(t / 1900));
          return Math.min(255.5, 38 + (s / 60) * 27);
        },
      },
      restarts: { 'details-v1': { at: kills, reason: 'OOMKilled' } },
    });
    const pod = pods['details-v1']![0]!;
    b.logsAt(
      stream(pod.name, 'details', 'details'),
      kills.flatMap((k) => {
        const s = k + 22;
        const stamp = `[${new Date(s * 1000).toISOString().slice(0, 19).replace('T', ' ')}]`;
        return [
          { at: s, line: `${stamp} INFO  WEBrick 1.8.1` },
          {
            at: s + 0.01,
            line: `${stamp} INFO  ruby 3.3.5 (2024-09-03 revision ef084cc8f4) [x86_64-linux]`,
          },
          { at: s + 0.02, line: `${stamp} INFO  WEBrick::HTTPServer#start: pid=1 port=9080` },
        ];
      }),
    );
  },
};

/**
 * A noisy neighbour: someone starts the catalog-import CronJob by hand in the
 * afternoon; it has no CPU limit and takes ~3.6 of the 4 cores of the node
 * where reviews-v1, reviews-v2 and ratings run. Those get slow from CPU
 * contention (no throttling: it is the node that is full); pages served by
 * reviews-v3 on another node are fine.
 */
const noisyNeighbour: TuningCase = {
  id: 'bookinfo-noisy-neighbour-batch-job',
  system: 'bookinfo',
  title: 'A batch job without CPU limits saturates the node of reviews and ratings',
  question:
    'Some book pages load slowly since about half an hour ago, others are fine. Was there a deploy?',
  expected: { service: 'catalog-import', causes: ['workload', 'cpu'] },
  fault:
    'A manual run of the catalog-import CronJob (no CPU limit) uses ~3.6 cores on the node hosting reviews-v1, reviews-v2 and ratings; node CPU ~99 %, those workloads 4-6x slower; no deploy.',
  facts: ['catalog-import', 'node', 'cpu'],
  services: [
    ...BOOKINFO_SERVICES,
    {
      name: 'catalog-import',
      description:
        'Nightly CronJob (Python) importing the publisher catalogue into details; no sidecar',
      aliases: ['catalog import', 'import job'],
      labelMatchers: {},
    },
  ],
  shape: standardShape,
  generate(b, faultStart) {
    const busy = after(faultStart, 3.6, 60);
    const contention = (t: number) => 1 + 4 * ramp(t, faultStart, 60);
    emitBookinfo(b, {
      effects: {
        slow: {
          'reviews-v1': contention,
          'reviews-v2': contention,
          'ratings-v2-mysql': (t) => 1 + 5 * ramp(t, faultStart, 60),
        },
      },
      nodeBusy: { [NODE_B]: busy },
    });
    const start = faultStart - 20;
    const pod = `catalog-import-manual-7xk2p-${podSuffix(b.rng('pod:catalog-import')).slice(-5)}`;
    const exists = (t: number) => (t >= start ? 1 : null);
    const image = 'registry.example.com/bookstore/catalog-import:3.2.0';
    const cad = {
      job: 'kubelet',
      metrics_path: '/metrics/cadvisor',
      namespace: 'bookinfo',
      pod,
      container: 'catalog-import',
      image,
      node: NODE_B,
    };
    b.counter('container_cpu_usage_seconds_total', cad, (t) => (exists(t) ? busy(t) : null), {
      integer: false,
      initial: 0,
    });
    b.gauge(
      'container_memory_working_set_bytes',
      cad,
      (t) => (exists(t) ? (300 + 600 * ramp(t, start, 900)) * 1_048_576 : null),
      { noise: { jitter: 0.02, spikeChance: 0 } },
    );
    const ksm = { job: 'kube-state-metrics', namespace: 'bookinfo' };
    b.gauge(
      'kube_pod_info',
      {
        ...ksm,
        pod,
        node: NODE_B,
        pod_ip: '10.244.1.77',
        host_ip: '10.0.2.114',
        created_by_kind: 'Job',
        created_by_name: 'catalog-import-manual-7xk2p',
        uid: `${pod}-uid`,
      },
      exists,
      { noise: false },
    );
    b.gauge(
      'kube_pod_container_info',
      { ...ksm, pod, container: 'catalog-import', image, image_spec: image, uid: `${pod}-uid` },
      exists,
      { noise: false },
    );
    b.gauge('kube_job_status_active', { ...ksm, job_name: 'catalog-import-manual-7xk2p' }, exists, {
      noise: false,
    });
    b.gauge(
      'kube_job_status_start_time',
      { ...ksm, job_name: 'catalog-import-manual-7xk2p' },
      (t) => (exists(t) ? start : null),
      { noise: false },
    );
    b.gauge(
      'kube_cronjob_status_last_schedule_time',
      { ...ksm, cronjob: 'catalog-import' },
      () => Math.floor((faultStart - 86_400) / 86_400) * 86_400 + 3 * 3600,
      { noise: false },
    );
    const logs = {
      namespace: 'bookinfo',
      app: 'catalog-import',
      pod,
      container: 'catalog-import',
      job: 'bookinfo/catalog-import',
    };
    b.logsAt(logs, [
      {
        at: start + 3,
        line: `${comma(start + 3)} INFO [catalog_import] starting import from s3://bookstore-feeds/publishers/2026-12-07/ (48211 records, workers=16)`,
      },
    ]);
    b.logs(
      logs,
      (t) => (t >= start + 5 ? 6 : 0),
      (t, rng) => {
        if (rng.next() < 0.2)
          return `${comma(t)} WARNING [catalog_import] record isbn=978${rng.int(1_000_000_000, 9_999_999_999)} has no publisher, skipping`;
        const done = Math.min(48_211, Math.round(((t - start) / 3600) * 48_211 * 0.45));
        return `${comma(t)} INFO [catalog_import] imported ${done}/48211 records (${((done / 48_211) * 100).toFixed(1)}%)`;
      },
    );
  },
};

/**
 * Chaos Mesh NetworkChaos `loss` 30 % on the ratings pod: TCP retransmits on
 * its node, slower and sometimes failed calls from reviews (503 with URX/UF
 * after Envoy's retries), slower MySQL round trips inside ratings.
 */
const ratingsPacketLoss: TuningCase = {
  id: 'bookinfo-ratings-packet-loss',
  system: 'bookinfo',
  title: '30 % packet loss on the ratings pod',
  question:
    'Stars are intermittently missing on the book pages and pages got slower in the last half hour. What changed?',
  expected: { service: 'ratings', causes: ['network'] },
  fault:
    'NetworkChaos loss 30 % on ratings-v2-mysql (both directions): node_netstat_Tcp_RetransSegs up on its node, reviews -> ratings latency up and ~10 % of calls 503 (URX,UF), ratings -> MySQL slower.',
  facts: ['packet loss', 'ratings', 'retrans'],
  services: BOOKINFO_SERVICES,
  shape: standardShape,
  generate(b, faultStart) {
    const loss = after(faultStart, 0.3);
    emitBookinfo(b, {
      effects: { packetLoss: { 'ratings-v2-mysql': loss, 'mysqldb-v1': loss } },
      retransmits: { [NODE_B]: (t) => 45 * (loss(t) / 0.3) },
    });
  },
};

/**
 * Chaos Mesh DNSChaos (action error, pattern `ratings*`) on the reviews pods:
 * reviews cannot resolve ratings, so it never calls it. Nothing fails in the
 * mesh's metrics (no request is made); ratings simply receives nothing and
 * reviews logs UnknownHostException.
 */
const reviewsDns: TuningCase = {
  id: 'bookinfo-reviews-dns-failure',
  system: 'bookinfo',
  title: 'DNS resolution of ratings fails inside the reviews pods',
  question:
    'The stars are gone from every book page since about half an hour ago, yet nothing shows errors on the dashboards. What happened?',
  expected: { service: 'reviews', causes: ['dns'] },
  fault:
    'DNSChaos makes lookups of ratings fail in reviews-v2 and reviews-v3: `java.net.UnknownHostException: ratings: Temporary failure in name resolution`; reviews -> ratings traffic drops to zero, ratings is healthy but idle.',
  facts: ['unknownhostexception', 'dns', 'reviews'],
  services: BOOKINFO_SERVICES,
  shape: standardShape,
  generate(b, faultStart) {
    const { pods, frameAt } = emitBookinfo(b, {
      effects: {
        errorsCalling: {
          'reviews-v2': { 'ratings-v2-mysql': after(faultStart, 1) },
          'reviews-v3': { 'ratings-v2-mysql': after(faultStart, 1) },
        },
        failLatencyMs: { 'ratings-v2-mysql': () => 6 },
      },
      adjust(frame, t) {
        if (t < faultStart) return;
        // No request leaves the pod: the mesh sees nothing at all.
        for (const caller of ['reviews-v2', 'reviews-v3']) {
          const edge = frame.edges[edgeKey(caller, 'ratings-v2-mysql')]!;
          edge.rate = 0;
          edge.failures = [];
        }
        frame.edges[edgeKey('ratings-v2-mysql', 'mysqldb-v1')]!.rate = 0;
      },
    });
    for (const name of ['reviews-v2', 'reviews-v3']) {
      const pod = pods[name]![0]!;
      b.logs(
        stream(pod.name, 'reviews', 'reviews'),
        (t) => (t >= faultStart ? frameAt(t).flow[name]!.rate * 60 : 0),
        () =>
          '[err] Error: unable to contact http://ratings:9080/ratings got exception javax.ws.rs.ProcessingException: java.net.UnknownHostException: ratings: Temporary failure in name resolution',
      );
    }
  },
};

/**
 * Control: the Bookinfo "traffic shifting" task. A VirtualService sends
 * reviews traffic 50/50 to v1 and v3 (v2 gets none). Request rates move
 * between workloads, ratings gets a quarter fewer calls; nothing fails.
 */
const trafficShift: TuningCase = {
  id: 'bookinfo-control-traffic-shift',
  system: 'bookinfo',
  title: 'Control: reviews traffic shifted 50/50 to v1 and v3',
  question:
    'Is anything wrong with the bookstore in the last half hour? A few graphs changed shape.',
  expected: { service: null, causes: [] },
  fault:
    'Nothing is wrong: a planned VirtualService change routes reviews 50 % to v1 and 50 % to v3; reviews-v2 receives nothing, reviews-v1/v3 1.5x, ratings 0.75x; no errors, no latency change.',
  facts: [],
  services: BOOKINFO_SERVICES,
  shape: standardShape,
  generate(b, faultStart) {
    emitBookinfo(b, {
      istioConfig: [{ at: faultStart - 10, resource: 'VirtualService/bookinfo/reviews' }],
      adjust(frame, t) {
        if (t < faultStart) return;
        const scale = (name: string, f: number) => {
          frame.flow[name]!.rate *= f;
        };
        frame.edges[edgeKey('productpage-v1', 'reviews-v1')]!.rate *= 1.5;
        frame.edges[edgeKey('productpage-v1', 'reviews-v2')]!.rate = 0;
        frame.edges[edgeKey('productpage-v1', 'reviews-v3')]!.rate *= 1.5;
        frame.edges[edgeKey('reviews-v2', 'ratings-v2-mysql')]!.rate = 0;
        frame.edges[edgeKey('reviews-v3', 'ratings-v2-mysql')]!.rate *= 1.5;
        frame.edges[edgeKey('ratings-v2-mysql', 'mysqldb-v1')]!.rate *= 0.75;
        scale('reviews-v1', 1.5);
        scale('reviews-v2', 0);
        scale('reviews-v3', 1.5);
        scale('ratings-v2-mysql', 0.75);
        scale('mysqldb-v1', 0.75);
      },
    });
  },
};

export const bookinfoCasesSecondBatch: TuningCase[] = [
  ratingsDelay,
  detailsOom,
  noisyNeighbour,
  ratingsPacketLoss,
  reviewsDns,
  trafficShift,
];
