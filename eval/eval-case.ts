import type { CauseClass } from './scenarios/cause-classes.js';

/** A service as the on-call team would declare it in the workspace. */
export interface EvalService {
  name: string;
  description: string | null;
  aliases: string[];
  /** Equality matchers per source, as a user would configure them (possibly none). */
  labelMatchers: { loki?: Record<string, string>; prometheus?: Record<string, string> };
}

/** One case's telemetry, served the way production serves it. */
export interface EvalTelemetry {
  prometheusUrl: string;
  lokiUrl: string;
  /** Wall time to generate the data, backfill Prometheus and start both servers. */
  setupMs: number;
  /** When the fault began (unix seconds), for changes the case delivers beside its telemetry. */
  faultStart: number;
  close(): Promise<void>;
}

/**
 * A deploy the case's team made through GitHub, known to VibeMonitor only
 * from the GitHub App: the eval installs the app on the case's workspace and
 * delivers the merged pull request, the deployment and its success as signed
 * webhooks, the way GitHub sends them.
 */
export interface EvalGithubDeploy {
  /** `owner/name`; its name matches the service it deploys. */
  repository: string;
  sha: string;
  author: string;
  pullRequest: { number: number; title: string };
  environment: string;
  /** How long before the fault's onset the deployment finished. */
  secondsBeforeFault: number;
}

/**
 * Which corpus a case belongs to: the simulator's, the independently written
 * one, the fully held-out one (eval/holdout), or the tuning set written blind
 * to be tuned on (eval/tuning-set).
 */
export type EvalCorpus =
  'simulator' | 'independent' | 'holdout' | 'tuning-set' | 'tuning-set-b' | 'holdout-b';

/** One scored question, asked the way an on-call engineer would. */
export interface EvalCase {
  /** Unique id within its corpus. */
  scenario: string;
  corpus: EvalCorpus;
  title: string;
  /** Phrased like a page or a Slack message, deliberately varied (and never naming the culprit when the asker would not know it). */
  question: string;
  /** The injected root cause; `service: null` for a control. */
  expected: { service: string | null; causes: readonly CauseClass[] };
  /** Lower-case keywords a good answer contains (informative, not part of pass/fail). */
  facts: readonly string[];
  /** Kept out of tuning: decided before the engine was fixed against the corpus. */
  heldOut: boolean;
  /** The workspace's name (defaults to `Eval: <title>`). */
  workspaceName?: string;
  /** A GitHub deployment delivered by webhook before the question is asked. */
  github?: EvalGithubDeploy;
  /** The services the workspace declares, in creation order. */
  services: readonly EvalService[];
  /** Starts this case's telemetry with the fault `faultMinutesAgo` before now. */
  startTelemetry(input: { seed: number; faultMinutesAgo: number }): Promise<EvalTelemetry>;
}
