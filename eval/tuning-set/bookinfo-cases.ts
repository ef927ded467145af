import { ramp } from '../independent/builder.js';
import type { Curve } from '../independent/flow.js';
import { BOOKINFO_SERVICES, edgeKey, emitBookinfo, libertyStartup } from './bookinfo.js';
import { standardShape, type TuningCase } from './case.js';

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

/**
 * Istio fault injection (the Bookinfo "fault injection" task, applied to
 * everyone): a VirtualService for ratings aborts half of the calls with 503.
 * The callers' sidecars answer for ratings (flag FI): ratings never sees
 * those calls, reviews v2/v3 show "Ratings service is currently unavailable".
 */
const ratingsAbort: TuningCase = {
  id: 'bookinfo-ratings-fault-abort',
  system: 'bookinfo',
  title: 'Istio fault injection aborts half of the calls to ratings',
  question:
    'Lots of book pages lost their stars in the last half hour: the reviews are there but the stars are gone. What happened?',
  expected: { service: 'ratings', causes: ['config', 'unavailable', 'exception'] },
  fault:
    'A VirtualService for ratings with `fault.abort` (httpStatus 503, 50 %) was applied; the calling sidecars return 503 with flag FI, ratings itself is healthy and receives half its usual calls.',
  facts: ['ratings', '503', 'virtualservice'],
  services: BOOKINFO_SERVICES,
  shape: standardShape,
  generate(b, faultStart) {
    const abort = after(faultStart, 0.5);
    emitBookinfo(b, {
      effects: {
        errorsCalling: {
          'reviews-v2': { 'ratings-v2-mysql': abort },
          'reviews-v3': { 'ratings-v2-mysql': abort },
        },
        failLatencyMs: { 'ratings-v2-mysql': () => 0.3 },
      },
      adjust(frame) {
        for (const caller of ['reviews-v2', 'reviews-v3']) {
          for (const f of frame.edges[edgeKey(caller, 'ratings-v2-mysql')]!.failures) {
            if (f.serverCode !== null) continue;
            f.code = '503';
            f.flags = 'FI';
            f.details = 'fault_filter_abort';
            delete f.transportFailure;
          }
        }
      },
      istioConfig: [
        { at: faultStart - 20, resource: 'VirtualService/bookinfo/ratings' },
        { at: faultStart - 3900, resource: 'DestinationRule/bookinfo/reviews' },
      ],
    });
  },
};

/**
 * A bad rollout: reviews-v3 moves to a new image whose endpoint throws on
 * every request (an NPE in the JSON it builds). Open Liberty logs SRVE0777E;
 * productpage shows "Sorry, product reviews are currently unavailable" when
 * both of its attempts land on v3.
 */
const reviewsBadDeploy: TuningCase = {
  id: 'bookinfo-reviews-v3-bad-deploy',
  system: 'bookinfo',
  title: 'reviews-v3 rolled out a build that throws on every request',
  question:
    'Since a bit after the hour, some product pages say "Sorry, product reviews are currently unavailable for this book." Nobody touched productpage. What changed?',
  expected: { service: 'reviews', causes: ['deploy', 'exception', 'code_error'] },
  fault:
    'reviews-v3 image 1.20.2 -> 1.20.3-rc.1 rolled out 1 minute before the onset; every request to v3 fails with a NullPointerException (HTTP 500).',
  facts: ['reviews-v3', 'nullpointerexception', '500'],
  services: BOOKINFO_SERVICES,
  shape: standardShape,
  generate(b, faultStart) {
    const rolloutAt = faultStart - 40;
    const newImage = 'docker.io/istio/examples-bookinfo-reviews-v3:1.20.3-rc.1';
    const { pods, frameAt } = emitBookinfo(b, {
      effects: { errors: { 'reviews-v3': after(faultStart, 1) } },
      rollout: { 'reviews-v3': { at: rolloutAt, image: newImage } },
    });
    const newPod = pods['reviews-v3']![1]!;
    b.logsAt(
      stream(newPod.name, 'reviews', 'reviews'),
      libertyStartup(rolloutAt + 3, b.rng('startup:v3')),
    );
    b.logs(
      stream(newPod.name, 'reviews', 'reviews'),
      (t) => (t >= faultStart ? frameAt(t).flow['reviews-v3']!.rate * 60 : 0),
      (_t, rng) =>
        rng.next() < 0.5
          ? `[ERROR   ] SRVE0777E: Exception thrown by application class 'application.rest.LibertyRestEndpoint.bookReviewsById:${rng.pick([162, 162, 171])}'\njava.lang.NullPointerException: Cannot invoke "jakarta.json.JsonObject.getInt(String)" because the return value of "jakarta.json.JsonObject.getJsonObject(String)" is null\n\tat application.rest.LibertyRestEndpoint.getJsonResponse(LibertyRestEndpoint.java:98)\n\tat application.rest.LibertyRestEndpoint.bookReviewsById(LibertyRestEndpoint.java:162)\n\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)`
          : `[ERROR   ] SRVE0315E: An exception occurred: java.lang.Throwable: java.lang.NullPointerException: Cannot invoke "jakarta.json.JsonObject.getInt(String)" because the return value of "jakarta.json.JsonObject.getJsonObject(String)" is null`,
    );
  },
};

/**
 * MySQL runs out of connections: a reporting job someone pointed at the
 * ratings database holds ~150 idle connections, so `max_connections` (151)
 * is reached. ratings opens a connection per request and answers 500
 * "could not connect to ratings database" (it logs nothing about it).
 */
const mysqlConnections: TuningCase = {
  id: 'bookinfo-mysql-too-many-connections',
  system: 'bookinfo',
  title: 'MySQL reaches max_connections; ratings cannot connect',
  question:
    'Star ratings are flaky on the book pages since about half an hour ago: sometimes there, sometimes "currently unavailable". Can you find out why?',
  expected: { service: 'mysqldb', causes: ['connections', 'workload'] },
  fault:
    'Another client holds ~150 idle connections to MySQL; threads_connected reaches max_connections (151) and 85 % of ratings connection attempts fail with ER_CON_COUNT_ERROR; ratings answers 500.',
  facts: ['max_connections', 'mysql', 'ratings'],
  services: BOOKINFO_SERVICES,
  shape: standardShape,
  generate(b, faultStart) {
    const refused = after(faultStart, 0.85, 120);
    emitBookinfo(b, {
      effects: { errors: { 'ratings-v2-mysql': refused } },
      mysql: { otherConnections: after(faultStart - 240, 149, 360), refused },
    });
  },
};

/**
 * Chaos Mesh StressChaos (CPU, 2 workers at 100 %) in the productpage
 * container, whose limit is 500m: CFS throttles it, every page is slower.
 */
const productpageCpu: TuningCase = {
  id: 'bookinfo-productpage-cpu-stress',
  system: 'bookinfo',
  title: 'CPU stress in the productpage container (limit 500m)',
  question:
    'The bookstore got really sluggish in the last half hour, pages take ages to load. Why?',
  expected: { service: 'productpage', causes: ['cpu'] },
  fault:
    'A StressChaos experiment burns CPU inside productpage; the container is throttled at its 500m limit and its own processing time rises about 9x.',
  facts: ['productpage', 'throttl', 'cpu'],
  services: BOOKINFO_SERVICES,
  shape: standardShape,
  generate(b, faultStart) {
    emitBookinfo(b, {
      effects: { slow: { 'productpage-v1': (t) => 1 + 8 * ramp(t, faultStart, 60) } },
      extraCpu: { 'productpage-v1': after(faultStart, 2, 30) },
    });
  },
};

export const bookinfoCases: TuningCase[] = [
  ratingsAbort,
  reviewsBadDeploy,
  mysqlConnections,
  productpageCpu,
];
