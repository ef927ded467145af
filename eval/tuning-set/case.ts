import type { EvalCase, EvalGithubDeploy, EvalService } from '../eval-case.js';
import type { TelemetryBuilder } from '../independent/builder.js';
import { startGeneratedTelemetry, type TelemetryShape } from '../independent/telemetry.js';
import type { CauseClass } from '../scenarios/cause-classes.js';

/** The two systems of this corpus. */
export type TuningSystem = 'bookinfo' | 'saas';

/** One case of the tuning-set corpus, before it is wired to the runner. */
export interface TuningCase {
  id: string;
  system: TuningSystem;
  title: string;
  /** Asked the way the on-call engineer would, never naming the culprit they could not know. */
  question: string;
  /** The culprit as declared in the workspace (null for a control) and every cause class accepted. */
  expected: { service: string | null; causes: readonly CauseClass[] };
  /** What happened, in a sentence or two, for the README and the reader of a failed run. */
  fault: string;
  /** Lower-case keywords a good answer contains (informative only). */
  facts: readonly string[];
  services: readonly EvalService[];
  shape: TelemetryShape;
  github?: EvalGithubDeploy;
  /** Writes the system's telemetry with this case's fault starting at `faultStart`. */
  generate(b: TelemetryBuilder, faultStart: number): void;
}

const workspaceNames: Record<TuningSystem, string> = {
  bookinfo: 'Bookinfo (Istio)',
  saas: 'Ledgerly',
};

/** The runner's view of a tuning-set case. */
export function toEvalCase(c: TuningCase): EvalCase {
  return {
    scenario: c.id,
    corpus: 'tuning-set',
    title: c.title,
    question: c.question,
    expected: c.expected,
    facts: c.facts,
    heldOut: false,
    workspaceName: workspaceNames[c.system],
    services: c.services,
    ...(c.github ? { github: c.github } : {}),
    startTelemetry: ({ seed, faultMinutesAgo }) =>
      startGeneratedTelemetry({
        seed,
        faultMinutesAgo,
        shape: c.shape,
        generate: (b) => c.generate(b, b.timeline.faultStart),
      }),
  };
}

/** 100 minutes before the fault, a 30-second scrape grid: the shape of most cases. */
export const standardShape: TelemetryShape = { step: 30, historyMinutes: 100 };
