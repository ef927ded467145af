import { scenarioIds, scenarios, type ScenarioId } from '@vibemonitor/agent/simulator';
import type { CauseClass } from './cause-classes.js';

/** One scored question: a simulator scenario, asked the way an on-call engineer would. */
export interface EvalCase {
  scenario: ScenarioId;
  title: string;
  /** Phrased like a page or a Slack message, deliberately varied (and never naming the culprit when the asker would not know it). */
  question: string;
  /** The injected root cause; `service: null` for the control scenario. */
  expected: { service: string | null; causes: readonly CauseClass[] };
  /** Lower-case keywords a good answer contains (informative, not part of pass/fail). */
  facts: readonly string[];
}

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
  title: scenarios[id].title,
  question: questions[id],
  expected: { service: scenarios[id].rootCause.service, causes: expectedCauses[id] },
  facts: scenarios[id].facts,
}));
