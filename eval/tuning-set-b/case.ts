import type { EvalCase, EvalCorpus, EvalService } from '../eval-case.js';
import type { TelemetryBuilder } from '../independent/builder.js';
import { startGeneratedTelemetry, type TelemetryShape } from '../independent/telemetry.js';
import type { CauseClass } from '../scenarios/cause-classes.js';

/** The two systems of the tuning-set-b and holdout-b corpora. */
export type BlindSystem = 'routewise' | 'tixly';

/** One incident on a tuning-set-b system, before it is wired to the runner. */
export interface BlindCase {
  id: string;
  system: BlindSystem;
  title: string;
  /** Asked the way the on-call engineer would, never naming a culprit they could not know. */
  question: string;
  /** The culprit as declared in the workspace (null for a control) and every cause class accepted. */
  expected: { service: string | null; causes: readonly CauseClass[] };
  /** What happened, for the README and the reader of a failed run. */
  fault: string;
  /** Lower-case keywords a good answer contains (informative only). */
  facts: readonly string[];
  services: readonly EvalService[];
  shape: TelemetryShape;
  /** Writes the system's telemetry with this case's fault starting at `faultStart`. */
  generate(b: TelemetryBuilder, faultStart: number): void;
}

const workspaceNames: Record<BlindSystem, string> = {
  routewise: 'Routewise',
  tixly: 'Tixly',
};

/** The runner's view of a case: `tuning-set-b` (tuned on) or `holdout-b` (held out). */
export function toEvalCase(
  c: BlindCase,
  corpus: Extract<EvalCorpus, 'tuning-set-b' | 'holdout-b'>,
): EvalCase {
  return {
    scenario: c.id,
    corpus,
    title: c.title,
    question: c.question,
    expected: c.expected,
    facts: c.facts,
    heldOut: corpus === 'holdout-b',
    workspaceName: workspaceNames[c.system],
    services: c.services,
    startTelemetry: ({ seed, faultMinutesAgo }) =>
      startGeneratedTelemetry({
        seed,
        faultMinutesAgo,
        shape: c.shape,
        generate: (b) => c.generate(b, b.timeline.faultStart),
      }),
  };
}

/** 100 minutes before the fault on a 30-second scrape grid. */
export const standardShape: TelemetryShape = { step: 30, historyMinutes: 100 };
