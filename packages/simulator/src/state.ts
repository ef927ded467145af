import { mix, createRng, type Rng } from './prng.js';
import { healthyLevers, type Scenario } from './scenarios.js';
import { CPUS_PER_NODE, nodes, serviceNames, services, type NodeName, type ServiceName } from './topology.js';

const MiB = 2 ** 20;

export interface ServiceState {
  /** Requests (or operations) per second served. */
  rps: number;
  /** Share of requests answered 5xx. */
  errorRatio: number;
  /** Share rejected with 429 (gateway only). */
  rejectRatio: number;
  /** Median latency in seconds (log-normal, see LATENCY_SIGMA). */
  latencyMedian: number;
  cpuCores: number;
  /** Share of CFS periods throttled. */
  throttling: number;
  memoryBytes: number;
  restarts: number;
  oomKilled: boolean;
  up: number;
}

export interface StepState {
  time: number;
  services: Record<ServiceName, ServiceState>;
  pool: { active: number; max: number; pending: number };
  pgConnections: number;
  pgMaxConnections: number;
  diskUsage: Record<NodeName, number>;
  nodeBusy: Record<NodeName, number>;
  nodeMemoryUsed: Record<NodeName, number>;
}

/** Spread of the log-normal latency distribution: p99 is about 4x the median. */
export const LATENCY_SIGMA = 0.6;

const baseLatency: Record<ServiceName, number> = { gateway: 0.012, auth: 0.02, orders: 0.03, payments: 0.09, postgres: 0.004, redis: 0.0006, reporting: 0 };
const baseError: Record<ServiceName, number> = { gateway: 0.0005, auth: 0.001, orders: 0.002, payments: 0.003, postgres: 0, redis: 0, reporting: 0 };
const baseMemory: Record<ServiceName, number> = { gateway: 300 * MiB, auth: 180 * MiB, orders: 620 * MiB, payments: 350 * MiB, postgres: 2200 * MiB, redis: 420 * MiB, reporting: 500 * MiB };

/** Traffic over the day: quiet at night, peak mid-afternoon UTC (values 0.7 to 1.3). */
export function dailyShape(time: number): number {
  const hours = (time / 3600) % 24;
  return 1 + 0.3 * Math.sin((2 * Math.PI * (hours - 8)) / 24);
}

function noisy(rng: Rng, value: number, cv: number): number {
  return Math.max(0, value * (1 + cv * rng.normal()));
}

/**
 * The latent state of the system at one instant: a deterministic function of
 * (seed, scenario, fault start, time), so any range can be generated
 * independently and a day-earlier window is as reproducible as the incident.
 */
export function computeState(input: { time: number; seed: number; scenario: Scenario; faultStart: number; stepIndex: number }): StepState {
  const { time, scenario, faultStart } = input;
  const rng = createRng(mix(input.seed, input.stepIndex, 0x5eed));
  const levers = healthyLevers();
  const minute = (time - faultStart) / 60;
  if (minute >= 0) scenario.apply(levers, minute);

  const daily = dailyShape(time);
  const incoming = noisy(rng, 150 * daily * levers.trafficFactor, 0.03);
  const forwarded = incoming * levers.passThrough;
  const rps: Record<ServiceName, number> = {
    gateway: incoming,
    auth: forwarded * 0.35,
    orders: forwarded * 0.55,
    payments: forwarded * 0.55 * 0.2,
    postgres: 0,
    redis: 0,
    reporting: 0,
  };
  rps.postgres = rps.orders * 3 + rps.payments * 2 + (levers.redisUp ? 0 : rps.orders * 2 + rps.auth);
  rps.redis = levers.redisUp ? rps.orders * 2 + rps.auth : 0;

  // CPU demand per container, then node contention: pods on an over-committed node all slow down.
  const demand: Record<ServiceName, number> = {
    gateway: 0.25 + 0.001 * rps.gateway,
    auth: 0.05 + 0.002 * rps.auth,
    orders: 0.1 + 0.004 * rps.orders,
    payments: 0.04 + 0.004 * rps.payments,
    postgres: 0.2 + 0.0015 * rps.postgres,
    redis: levers.redisUp ? 0.03 + 0.0002 * rps.redis : 0,
    reporting: 0.05 + (((time / 3600) % 24) >= 2 && ((time / 3600) % 24) < 3 ? 1.2 : 0),
  };
  for (const name of serviceNames) demand[name] += levers.cpuAdd[name] ?? 0;
  const nodeDemand = Object.fromEntries(nodes.map((n) => [n, 0])) as Record<NodeName, number>;
  for (const name of serviceNames) nodeDemand[services[name].node] += Math.min(demand[name], services[name].cpuLimitCores);
  const nodeBusy = Object.fromEntries(nodes.map((n) => [n, Math.min(1, nodeDemand[n] / CPUS_PER_NODE)])) as Record<NodeName, number>;

  const cpuCores = {} as Record<ServiceName, number>;
  const throttling = {} as Record<ServiceName, number>;
  const cpuSlowdown = {} as Record<ServiceName, number>;
  for (const name of serviceNames) {
    const spec = services[name];
    const limit = spec.cpuLimitCores;
    const nodeLoad = nodeDemand[spec.node] / CPUS_PER_NODE;
    // Over-committed node: every pod gets its share of the node, whatever its own demand.
    const share = nodeLoad > 1 ? 1 / nodeLoad : 1;
    const used = Math.min(demand[name], limit) * share;
    cpuCores[name] = noisy(rng, used, 0.03);
    const overLimit = demand[name] / limit;
    throttling[name] = Math.min(0.95, overLimit > 0.9 ? 0.3 + (overLimit - 0.9) : 0.01 + 0.02 * overLimit);
    cpuSlowdown[name] = (overLimit > 0.8 ? 1 + 4 * (overLimit - 0.8) : 1) * (nodeLoad > 0.85 ? 1 + 5 * (nodeLoad - 0.85) : 1);
  }

  // Own latency, then the call graph from the leaves up.
  const own = (name: ServiceName) => (baseLatency[name] * (levers.latencyFactor[name] ?? 1) + (levers.latencyAdd[name] ?? 0)) * cpuSlowdown[name];
  const dbLatency = own('postgres') * (1 + rps.postgres / 2000);
  const cacheLatency = levers.redisUp ? own('redis') : 0.12;
  // Orders holds a connection for three queries; Little's law gives the active connections.
  const poolMax = 20;
  const holdTime = 3 * dbLatency + 0.002;
  const demandConnections = rps.orders * holdTime + levers.poolLeaked;
  const active = Math.min(poolMax, demandConnections);
  const overload = Math.max(0, demandConnections - poolMax * 0.95);
  const poolWait = overload > 0 ? Math.min(5, 0.25 * overload ** 1.5) : 0;
  const poolTimeouts = overload > 0 ? Math.min(0.4, 0.03 * overload) : 0;

  const payments = own('payments') + 2 * dbLatency;
  const orders = own('orders') + 3 * dbLatency + 2 * cacheLatency + 0.2 * payments + poolWait;
  const auth = own('auth') + cacheLatency;
  const gateway = own('gateway') + 0.35 * auth + 0.55 * orders;
  const latency: Record<ServiceName, number> = { gateway, auth, orders, payments, postgres: dbLatency, redis: own('redis'), reporting: 0 };

  const err = (name: ServiceName) => baseError[name] + (levers.errorAdd[name] ?? 0);
  const paymentsErr = Math.min(1, err('payments'));
  const ordersErr = Math.min(1, err('orders') + 0.2 * paymentsErr + poolTimeouts);
  const authErr = Math.min(1, err('auth'));
  const gatewayErr = Math.min(1, err('gateway') + (0.35 * authErr + 0.55 * ordersErr) * levers.passThrough);
  const errors: Record<ServiceName, number> = { gateway: gatewayErr, auth: authErr, orders: ordersErr, payments: paymentsErr, postgres: 0, redis: 0, reporting: 0 };

  const state = {} as Record<ServiceName, ServiceState>;
  for (const name of serviceNames) {
    const spec = services[name];
    const memory = Math.min(spec.memoryLimitBytes, baseMemory[name] + (levers.memoryAdd[name] ?? 0) + (name === 'reporting' ? demand.reporting * 400 * MiB : 0));
    const down = name === 'redis' && !levers.redisUp;
    state[name] = {
      rps: rps[name],
      errorRatio: errors[name],
      rejectRatio: name === 'gateway' ? 1 - levers.passThrough : 0,
      latencyMedian: noisy(rng, latency[name], 0.04),
      cpuCores: cpuCores[name],
      throttling: throttling[name],
      memoryBytes: down ? 0 : noisy(rng, memory, 0.005),
      restarts: levers.restarts[name] ?? 0,
      oomKilled: levers.oomKilled[name] ?? false,
      up: down ? 0 : 1,
    };
  }
  // Slow disk growth over days; a fault may override the database volume.
  const days = time / 86_400 - Math.floor(faultStart / 86_400);
  const diskUsage: Record<NodeName, number> = {
    'node-1': 0.41,
    'node-2': 0.47,
    'db-node-1': levers.dbDiskUsage ?? Math.min(0.95, 0.62 + 0.004 * days),
  };
  const nodeMemoryUsed = Object.fromEntries(nodes.map((n) => [n, serviceNames.filter((s) => services[s].node === n).reduce((sum, s) => sum + state[s].memoryBytes, 1500 * MiB)])) as Record<NodeName, number>;
  // Leaked connections sit idle at the database: pg_stat_activity counts only the ones doing work.
  const pgConnections = Math.round(8 + rng.poisson(Math.min(active, rps.orders * holdTime) + 3));
  return {
    time,
    services: state,
    pool: { active: Math.max(0, Math.min(poolMax, Math.round(active + rng.normal() * 0.6 * Math.sqrt(Math.max(active, 0.5))))), max: poolMax, pending: Math.round(overload * 3) },
    pgConnections,
    pgMaxConnections: 100,
    diskUsage,
    nodeBusy,
    nodeMemoryUsed,
  };
}
