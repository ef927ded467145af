/**
 * Request flow through a service graph: how many requests each service
 * receives, how many fail and how long they take, at one instant, given the
 * injected effects. Callers inherit the failures and latency of the
 * dependencies they call, the way a synchronous call chain does.
 */

export type Curve = (t: number) => number;

export interface Call {
  to: string;
  /** Calls to `to` per request this service serves. */
  perRequest: number;
  /** A failed call fails the caller's request (false: the caller degrades gracefully). */
  critical: boolean;
}

export interface ServiceSpec {
  name: string;
  /** Requests per second arriving from outside at the daily mean (edge services only). */
  entryRate?: number;
  /** Median time the service spends on a request itself, in ms. */
  latencyMs: number;
  calls: Call[];
}

/** Deviations from normal, per service, as functions of time (0 / 1 = no effect). */
export interface Effects {
  /** Multiplies the traffic a service receives from outside. */
  load?: Record<string, Curve>;
  /** Extra requests per second a service receives (e.g. a flood from a producer). */
  extraRate?: Record<string, Curve>;
  /** Share of requests the service itself fails. */
  errors?: Record<string, Curve>;
  /** Multiplies the service's own processing time. */
  slow?: Record<string, Curve>;
  /** Added to every call to the service as its callers see it (network delay), in ms. */
  networkDelayMs?: Record<string, Curve>;
  /** Packet loss on the service's interface: share of calls lost (callers retry, some fail). */
  packetLoss?: Record<string, Curve>;
  /** 1 while nobody can reach the service: callers fail, it receives nothing. */
  unreachable?: Record<string, Curve>;
  /** Caller-side failures of calls from one service to another: `errorsCalling[caller][dependency]`. */
  errorsCalling?: Record<string, Record<string, Curve>>;
  /** How long a failing call takes before the caller gives up, per dependency, in ms. */
  failLatencyMs?: Record<string, Curve>;
}

export interface EdgeState {
  rate: number;
  errorRatio: number;
  latencyMs: number;
}

export interface ServiceState {
  /** Requests per second the service receives. */
  rate: number;
  /** Share of them that fail. */
  errorRatio: number;
  /** Share failing because of the service's own error (not a dependency's). */
  ownErrorRatio: number;
  /** Median latency the service reports for its requests, in ms. */
  latencyMs: number;
  /** Calls this service makes, by dependency, as it sees them (client side). */
  calls: Record<string, EdgeState>;
}

const at = (curves: Record<string, Curve> | undefined, name: string, t: number, none: number) =>
  curves?.[name]?.(t) ?? none;

/**
 * The state of every service at `t`. `daily` is the traffic factor of the
 * time of day. The graph must be acyclic.
 */
export function flowAt(
  specs: readonly ServiceSpec[],
  effects: Effects,
  t: number,
  daily: number,
): Record<string, ServiceState> {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const callers = new Map<string, Array<{ from: string; call: Call }>>();
  for (const spec of specs)
    for (const call of spec.calls)
      callers.set(call.to, [...(callers.get(call.to) ?? []), { from: spec.name, call }]);

  const rates = new Map<string, number>();
  const rateOf = (name: string): number => {
    const known = rates.get(name);
    if (known !== undefined) return known;
    const spec = byName.get(name);
    if (!spec) throw new Error(`unknown service ${name}`);
    let rate = (spec.entryRate ?? 0) * daily * at(effects.load, name, t, 1);
    rate += at(effects.extraRate, name, t, 0);
    for (const { from, call } of callers.get(name) ?? []) {
      const blocked = at(effects.errorsCalling?.[from], name, t, 0);
      rate += rateOf(from) * call.perRequest * (1 - blocked);
    }
    if (at(effects.unreachable, name, t, 0) >= 1) rate = 0;
    rates.set(name, rate);
    return rate;
  };

  const states = new Map<string, ServiceState>();
  const stateOf = (name: string): ServiceState => {
    const known = states.get(name);
    if (known) return known;
    const spec = byName.get(name)!;
    const own = Math.min(1, at(effects.errors, name, t, 0));
    let failing = own;
    let latency = spec.latencyMs * at(effects.slow, name, t, 1);
    const calls: Record<string, EdgeState> = {};
    for (const call of spec.calls) {
      const dep = stateOf(call.to);
      const unreachable = at(effects.unreachable, call.to, t, 0);
      const callerSide = at(effects.errorsCalling?.[name], call.to, t, 0);
      const loss = at(effects.packetLoss, call.to, t, 0);
      // A lost packet costs a retransmission (about 200 ms); losing every retry fails the call.
      const lossFailure = loss ** 3 * 4;
      const edgeFailure = Math.min(
        1,
        Math.max(unreachable, callerSide) + dep.errorRatio + lossFailure,
      );
      const failLatency = at(effects.failLatencyMs, call.to, t, dep.latencyMs);
      const healthyLatency =
        dep.latencyMs + at(effects.networkDelayMs, call.to, t, 0) + loss * 200 * 2;
      const edgeLatency =
        Math.max(unreachable, callerSide) >= 1
          ? failLatency
          : healthyLatency * (1 - edgeFailure) + failLatency * edgeFailure;
      calls[call.to] = {
        rate: rateOf(name) * call.perRequest,
        errorRatio: edgeFailure,
        latencyMs: edgeLatency,
      };
      if (call.critical) failing += (1 - failing) * Math.min(1, call.perRequest) * edgeFailure;
      latency += Math.min(call.perRequest, 3) * edgeLatency;
    }
    const state: ServiceState = {
      rate: rateOf(name),
      errorRatio: Math.min(1, failing),
      ownErrorRatio: own,
      latencyMs: latency,
      calls,
    };
    states.set(name, state);
    return state;
  };

  const out: Record<string, ServiceState> = {};
  for (const spec of specs) out[spec.name] = stateOf(spec.name);
  return out;
}
