import {
  scenarioIds,
  scenarios,
  serviceNames,
  type ScenarioId,
  type ServiceName,
} from '@vibemonitor/simulator';
import type { EvalCase, EvalService } from '../eval-case.js';
import { startScenarioTelemetry } from '../scenario-telemetry.js';
import type { CauseClass } from './cause-classes.js';

export type { EvalCase, EvalService } from '../eval-case.js';

/**
 * How the workspace knows the shop's services: names, the aliases people use
 * in chat, and their telemetry identity (the log stream label every service
 * has; the Prometheus `job` where the service's own metrics carry one).
 */
const serviceCatalogue: Record<
  ServiceName,
  { description: string; aliases: string[]; job: boolean }
> = {
  gateway: {
    description: 'API gateway in front of the shop',
    aliases: ['api gateway', 'edge'],
    job: true,
  },
  auth: { description: 'Issues and refreshes login tokens', aliases: ['login'], job: true },
  orders: { description: 'Orders and checkout API', aliases: ['checkout'], job: true },
  payments: {
    description: 'Charges cards through an external acquirer',
    aliases: ['payment service'],
    job: true,
  },
  postgres: { description: 'The shop database', aliases: [], job: true },
  redis: { description: 'Cache for orders and sessions', aliases: ['cache'], job: true },
  reporting: { description: 'Batch reporting jobs', aliases: [], job: false },
};

/** The simulator shop's services as its workspace declares them. */
export const simulatorServices: readonly EvalService[] = serviceNames.map((name) => {
  const { description, aliases, job } = serviceCatalogue[name];
  return {
    name,
    description,
    aliases,
    labelMatchers: {
      loki: { service_name: name },
      ...(job ? { prometheus: { job: name } } : {}),
    },
  };
});

/** The cause classes that count as naming each scenario's injected cause. */
const expectedCauses: Record<ScenarioId, readonly CauseClass[]> = {
  'cpu-saturation': ['cpu'],
  'memory-leak-oom': ['memory'],
  'bad-deploy': ['deploy'],
  'db-pool-exhaustion': ['pool'],
  'slow-dependency': ['slow_dependency'],
  'cache-outage': ['unavailable'],
  'disk-full': ['disk'],
  // The change pointed JWKS_URL at a host that does not resolve: naming the change or the unresolvable host both find it.
  'config-error': ['config', 'dns'],
  // The reporting job eats node-2's CPU: its CPU, or the job itself.
  'noisy-neighbour': ['cpu', 'workload'],
  'traffic-surge': ['traffic'],
  'certificate-expired': ['certificate'],
  control: [],
};

const questions: Record<ScenarioId, string> = {
  'cpu-saturation': 'Why is checkout slow?',
  'memory-leak-oom': 'something is wrong with orders, requests fail every now and then',
  'bad-deploy': 'checkouts are failing with 500s, what happened?',
  'db-pool-exhaustion': 'checkout requests are timing out, can you look?',
  'slow-dependency': 'payments is really slow right now, customers are complaining',
  'cache-outage': 'Why did everything get slower?',
  'disk-full': 'orders are failing to save',
  'config-error': 'nobody can log in, auth is throwing errors',
  'noisy-neighbour': 'checkout latency went up, what is going on?',
  'traffic-surge': 'users are getting errors on the site',
  'certificate-expired': 'payments is throwing errors',
  control: 'Is anything wrong with the system?',
};

export const evalCases: readonly EvalCase[] = scenarioIds.map((id) => ({
  scenario: id,
  corpus: 'simulator',
  title: scenarios[id].title,
  question: questions[id],
  expected: { service: scenarios[id].rootCause.service, causes: expectedCauses[id] },
  facts: scenarios[id].facts,
  heldOut: false,
  services: simulatorServices,
  startTelemetry: ({ seed, faultMinutesAgo }) =>
    startScenarioTelemetry({ scenario: id, seed, faultMinutesAgo }),
}));
