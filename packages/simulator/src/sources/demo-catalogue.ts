/*
 * What the demo workspace holds. The services are the simulator's small shop
 * (../topology.ts); a test checks the two agree.
 */

export const DEMO_WORKSPACE_NAME = 'Demo (simulated data)';
export const DEMO_INTEGRATION_NAME = 'Demo data (simulated, not a real system)';

/** The simulator scenario the demo plays: a slow card acquirer behind payments makes checkout slow. */
export const DEMO_SCENARIO = 'slow-dependency';
export const DEMO_SEED = 7;
/** The demo incident always began this long before the question is asked. */
export const DEMO_FAULT_MINUTES_AGO = 20;
/** History simulated before the fault: the 30-minute baseline plus rate() windows and margin. */
export const DEMO_HOURS_BEFORE = 2;

/** Said wherever demo data shows (report "not checked", source names, system info). */
export const DEMO_NOTE =
  'Demo data: every metric, log line and change in this workspace comes from the built-in simulator (a small shop whose card acquirer behind payments has become slow), not from a real system.';

export interface DemoService {
  name: string;
  description: string;
  aliases: string[];
  labelMatchers: { loki: Record<string, string> };
}

const service = (name: string, description: string, aliases: string[] = []): DemoService => ({
  name,
  description: `${description} (simulated)`,
  aliases,
  labelMatchers: { loki: { service_name: name } },
});

export const demoServices: readonly DemoService[] = [
  service(
    'gateway',
    'API gateway in front of the shop: routes to auth and orders, rate limits clients',
    ['api gateway', 'edge'],
  ),
  service('auth', 'Issues and refreshes login tokens', ['login']),
  service('orders', 'Orders and checkout API (Java, HikariCP pool to postgres, redis cache)', [
    'checkout',
  ]),
  service('payments', 'Charges cards through an external card acquirer', ['payment service']),
  service('postgres', 'The shop database'),
  service('redis', 'Cache for orders and auth sessions', ['cache']),
  service('reporting', 'Batch reporting jobs'),
];
