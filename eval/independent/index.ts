import type { EvalCase } from '../eval-case.js';
import { toEvalCase, type IndependentCase } from './case.js';
import { otelCases } from './otel-cases.js';
import { sockCases } from './sock-cases.js';

export { FORMERLY_HELD_OUT_IDS } from './case.js';

/** The independent corpus's cases as written. */
export const independentCaseSpecs: readonly IndependentCase[] = [...otelCases, ...sockCases];

/** The independent corpus, in the runner's form. */
export const independentCases: readonly EvalCase[] = independentCaseSpecs.map(toEvalCase);
