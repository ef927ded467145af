import type { EvalCase, EvalService } from '../eval-case.js';
import type { TelemetryBuilder } from '../independent/builder.js';
import { startGeneratedTelemetry, type TelemetryShape } from '../independent/telemetry.js';
import type { CauseClass } from '../scenarios/cause-classes.js';

/** One case of the held-out corpus, before it is wired to the runner. */
export interface HoldoutCase {
  id: string;
  system: 'hotel-reservation' | 'train-ticket';
  title: string;
  /** Where the fault type comes from (a public catalogue or benchmark). */
  source: string;
  question: string;
  expected: { service: string | null; causes: readonly CauseClass[] };
  facts: readonly string[];
  services: readonly EvalService[];
  shape: TelemetryShape;
  /** Writes the system's telemetry with this case's fault starting at `faultStart`. */
  generate(b: TelemetryBuilder, faultStart: number): void;
}

const workspaceNames = {
  'hotel-reservation': 'Hotel Reservation (DeathStarBench)',
  'train-ticket': 'Train Ticket',
} as const;

/** The runner's view of a held-out case: every case of this corpus is held out. */
export function toEvalCase(c: HoldoutCase): EvalCase {
  return {
    scenario: c.id,
    corpus: 'holdout',
    title: c.title,
    question: c.question,
    expected: c.expected,
    facts: c.facts,
    heldOut: true,
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
