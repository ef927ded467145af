import { ramp } from '../independent/builder.js';
import type { HoldoutCase } from './case.js';
import { generateHotel, hotelServices, zerolog, type HotelFault } from './hotel.js';
import { after, MIB, windows } from './kit.js';

const shape = { step: 30, historyMinutes: 100 } as const;

function hotelCase(
  c: Omit<HoldoutCase, 'system' | 'services' | 'shape' | 'generate'> & {
    fault: (F: number) => HotelFault;
    shape?: HoldoutCase['shape'];
  },
): HoldoutCase {
  const { fault, ...rest } = c;
  return {
    system: 'hotel-reservation',
    services: hotelServices,
    shape: c.shape ?? shape,
    ...rest,
    generate: (b, F) => generateHotel(b, F, fault(F)),
  };
}

const ip = (n: number) => `10.96.${40 + (n % 150)}.${(n * 7) % 250}`;

export const hotelCases: HoldoutCase[] = [
  hotelCase({
    id: 'hotel-geo-cpu-stress',
    title: 'CPU stress in geo (chaos-mesh StressChaos)',
    source:
      'DeathStarBench chaos / RCAEval "cpu" fault: stress-ng CPU workers inside the container',
    question:
      'hotel search is crawling since about half an hour, p99 on /hotels is way up. what is going on?',
    expected: { service: 'geo', causes: ['cpu'] },
    facts: ['geo', 'cpu', 'throttl'],
    fault: (F) => ({
      cpuHog: { geo: (t) => 2 * ramp(t, F, 60) },
      effects: { slow: { 'geo|Nearby': (t) => 1 + 9 * ramp(t, F, 60) } },
    }),
  }),
  hotelCase({
    id: 'hotel-memcached-rate-down',
    title: 'memcached-rate down; rate panics on the cache error and crash-loops',
    source:
      'DeathStarBench chaos (pod failure of a memcached instance); RCAEval "cache down" style',
    question:
      'Getting a lot of 500s on hotel search and the rate pod keeps restarting. Can you find the root cause?',
    expected: { service: 'memcached-rate', causes: ['unavailable'] },
    facts: ['memcached-rate', 'connection refused', '11211'],
    fault: (F) => {
      // rate panics on the first request after each start; kubelet backs off 10 s, 20 s, 40 s, ... 5 min.
      const at: number[] = [];
      const downSeconds: number[] = [];
      let t = F + 2;
      let backoff = 10;
      while (t < F + 3 * 3600) {
        at.push(t);
        downSeconds.push(backoff);
        t += backoff + 3;
        backoff = Math.min(300, backoff * 2);
      }
      const crashing = (x: number) => (x >= F ? 1 : 0);
      const cacheIp = ip(17);
      return {
        datastoreDown: { name: 'memcached-rate', from: F },
        crashes: {
          service: 'rate',
          at,
          downSeconds,
          lastWords: (r, t) => {
            const message = `Memmcached error while trying to get hotel [id: [${r.int(1, 80)} ${r.int(1, 80)} ${r.int(1, 80)}]]= dial tcp ${cacheIp}:11211: connect: connection refused`;
            return `${zerolog(t, 'panic', 'services/rate/server.go:118', message)}\npanic: ${message}\n\ngoroutine ${r.int(100, 9000)} [running]:\ngithub.com/rs/zerolog.(*Logger).Panic.func1({0xc0003a6000, 0x8f})`;
          },
        },
        effects: {
          errors: { 'rate|GetRates': crashing },
          unreachable: {
            'rate|GetRates': (x) => (at.some((a, i) => x >= a && x < a + downSeconds[i]!) ? 1 : 0),
          },
          failLatencyMs: { 'rate|GetRates': () => 3 },
        },
        relayCode: { search: 'Unavailable' },
        logs: [
          {
            service: 'rate',
            level: 'panic',
            perMinute: (x) => (x >= F ? 6 : 0),
            caller: 'services/rate/server.go:118',
            message: (r) =>
              `Memmcached error while trying to get hotel [id: [${r.int(1, 80)} ${r.int(1, 80)} ${r.int(1, 80)}]]= dial tcp ${cacheIp}:11211: connect: connection refused`,
          },
          {
            service: 'search',
            level: 'error',
            perMinute: (x) => (x >= F ? 40 : 0),
            caller: 'services/search/server.go:116',
            message: () =>
              'rate.GetRates failed: rpc error: code = Unavailable desc = error reading from server: EOF',
          },
          {
            service: 'frontend',
            level: 'error',
            perMinute: (x) => (x >= F ? 30 : 0),
            caller: 'services/frontend/server.go:187',
            message: () =>
              'SearchHandler: rpc error: code = Unavailable desc = error reading from server: EOF',
          },
        ],
      };
    },
  }),
  hotelCase({
    id: 'hotel-profile-network-delay',
    title: 'Network delay on the profile pod (netem 200 ms)',
    source: 'DeathStarBench / chaos-mesh NetworkChaos "delay"; RCAEval "delay" fault',
    question: 'Hotel pages got slow for everyone, no errors though. Which service is it?',
    expected: { service: 'profile', causes: ['network', 'slow_dependency'] },
    facts: ['profile', 'latency'],
    fault: (F) => ({
      effects: {
        networkDelayMs: {
          'profile|GetProfiles': after(F, 200),
          // netem delays everything the pod sends, its cache and database queries too.
          'memcached-profile|get': after(F, 200),
          'mongodb-profile|find': after(F, 200),
        },
      },
    }),
  }),
  hotelCase({
    id: 'hotel-mongodb-reservation-down',
    title: 'mongodb-reservation down (chaos-mesh pod-failure)',
    source: 'RCAEval / DeathStarBench chaos: database pod failure',
    question: 'bookings fail and /hotels returns errors for some users. what broke?',
    expected: { service: 'mongodb-reservation', causes: ['unavailable'] },
    facts: ['mongodb-reservation', '27017'],
    fault: (F) => ({
      datastoreDown: { name: 'mongodb-reservation', from: F },
      effects: {
        unreachable: {
          'mongodb-reservation|find': after(F, 1),
          'mongodb-reservation|insert': after(F, 1),
        },
        failLatencyMs: {
          'mongodb-reservation|find': () => 30_000,
          'mongodb-reservation|insert': () => 30_000,
        },
      },
      relayCode: { reservation: 'Unknown' },
      logs: [
        {
          service: 'reservation',
          level: 'error',
          perMinute: (x) => (x >= F ? 30 : 0),
          caller: 'services/reservation/server.go:97',
          message: () =>
            `server selection error: context deadline exceeded, current topology: { Type: Unknown, Servers: [{ Addr: mongodb-reservation:27017, Type: Unknown, Last error: dial tcp ${ip(88)}:27017: connect: connection refused }, ] }`,
        },
        {
          service: 'frontend',
          level: 'error',
          perMinute: (x) => (x >= F ? 12 : 0),
          caller: 'services/frontend/server.go:301',
          message: () =>
            'reservationHandler: rpc error: code = Unknown desc = server selection error: context deadline exceeded',
        },
      ],
    }),
  }),
  hotelCase({
    id: 'hotel-user-packet-loss',
    title: 'Packet loss on the user pod (netem loss 40 %)',
    source: 'chaos-mesh NetworkChaos "loss"; RCAEval "loss" fault',
    question: 'Logins and bookings intermittently time out. Some succeed after a few seconds. Why?',
    expected: { service: 'user', causes: ['network'] },
    facts: ['user', 'deadline'],
    fault: (F) => ({
      effects: {
        packetLoss: { 'user|CheckUser': after(F, 0.4) },
        failLatencyMs: { 'user|CheckUser': () => 1000 },
      },
      clientCode: { user: 'DeadlineExceeded' },
      logs: [
        {
          service: 'frontend',
          level: 'error',
          perMinute: (x) => (x >= F ? 14 : 0),
          caller: 'services/frontend/server.go:262',
          message: () =>
            'userHandler: rpc error: code = DeadlineExceeded desc = context deadline exceeded',
        },
      ],
    }),
  }),
  hotelCase({
    id: 'hotel-recommendation-oom',
    title: 'Memory leak in recommendation, OOM-killed repeatedly',
    source: 'RCAEval "mem" fault / memory leak to OOM kill',
    question:
      'recommendations page errors now and then, and memory alerts on the hotel namespace. root cause?',
    expected: { service: 'recommendation', causes: ['memory'] },
    facts: ['recommendation', 'oom'],
    fault: (F) => {
      const oomAt = [F + 13 * 60, F + 25 * 60 + 40];
      const leak = (t: number) => {
        if (t < F) return 0;
        const since = Math.max(F, ...oomAt.filter((a) => a <= t).map((a) => a + 20));
        return Math.min(225 * MIB, ((t - since) / (13 * 60)) * 225 * MIB);
      };
      return {
        leak: { service: 'recommendation', bytes: leak, oomAt },
        effects: {
          slow: { 'recommendation|GetRecommendations': (t) => 1 + (3 * leak(t)) / (225 * MIB) },
          unreachable: {
            'recommendation|GetRecommendations': windows(oomAt.map((a) => [a, a + 20] as const)),
          },
          failLatencyMs: { 'recommendation|GetRecommendations': () => 2 },
        },
        logs: [
          {
            service: 'frontend',
            level: 'error',
            perMinute: windows(oomAt.map((a) => [a, a + 25] as const)),
            caller: 'services/frontend/server.go:224',
            message: () =>
              `recommendHandler: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp ${ip(31)}:8085: connect: connection refused"`,
          },
        ],
      };
    },
  }),
  hotelCase({
    id: 'hotel-search-dns-failure',
    title: 'DNS errors in the search pod (chaos-mesh DNSChaos "error")',
    source: 'chaos-mesh DNSChaos; DNS failure in public incident catalogues',
    question:
      'hotel search returns 500 for basically every request since ~30 min. everything else works. help',
    expected: { service: 'search', causes: ['dns'] },
    facts: ['search', 'lookup'],
    fault: (F) => ({
      effects: {
        errorsCalling: {
          'search|Nearby': { 'geo|Nearby': after(F, 0.9, 90), 'rate|GetRates': after(F, 0.9, 90) },
        },
        failLatencyMs: { 'geo|Nearby': () => 1, 'rate|GetRates': () => 1 },
      },
      relayCode: { search: 'Unavailable' },
      logs: [
        {
          service: 'search',
          level: 'warn',
          perMinute: (x) => (x >= F ? 4 : 0),
          caller: 'registry/resolver.go:71',
          message: (r) =>
            `consul resolver: Get "http://consul:8500/v1/health/service/srv-${r.pick(['geo', 'rate'])}?passing=1&index=${r.int(1000, 9000)}": dial tcp: lookup consul on 10.96.0.10:53: server misbehaving`,
        },
        {
          service: 'search',
          level: 'error',
          perMinute: (x) => (x >= F ? 50 * Math.min(1, (x - F) / 90) : 0),
          caller: 'services/search/server.go:97',
          message: (r) =>
            `${r.pick(['geo.Nearby', 'rate.GetRates'])} failed: rpc error: code = Unavailable desc = last resolver error: produced zero addresses`,
        },
        {
          service: 'frontend',
          level: 'error',
          perMinute: (x) => (x >= F ? 40 * Math.min(1, (x - F) / 90) : 0),
          caller: 'services/frontend/server.go:187',
          message: () =>
            'SearchHandler: rpc error: code = Unavailable desc = last resolver error: produced zero addresses',
        },
      ],
    }),
  }),
  hotelCase({
    id: 'hotel-control-evening-peak',
    title: 'Control: the evening peak and an HPA scale-up of the frontend',
    source: 'control (no fault)',
    question:
      'traffic graph on the hotel frontend is climbing fast and a new frontend pod appeared. anything broken?',
    expected: { service: null, causes: [] },
    facts: [],
    shape: {
      ...shape,
      diurnal: (F) => ({
        amplitude: 0.35,
        peakSecondOfDay: (((F + 40 * 60) % 86_400) + 86_400) % 86_400,
        rush: { size: 0.25, widthSeconds: 2400 },
      }),
    },
    fault: (F) => ({ scaleFrontend: { at: F, replicas: 3 } }),
  }),
];
