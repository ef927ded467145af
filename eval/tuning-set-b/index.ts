import type { EvalCase } from '../eval-case.js';
import { toEvalCase, type BlindCase } from './case.js';
import { routewiseCases } from './routewise-cases.js';
import { tixlyCases } from './tixly-cases.js';

/** Every case of the tuning-set-b corpus, as written (before wiring). */
export const tuningSetBDefinitions: readonly BlindCase[] = [...routewiseCases, ...tixlyCases];

/** The tuning-set-b corpus: a Go gRPC system and a Spring Boot system, written blind to the engine, to be tuned on. */
export const tuningSetBCases: readonly EvalCase[] = tuningSetBDefinitions.map((c) =>
  toEvalCase(c, 'tuning-set-b'),
);
