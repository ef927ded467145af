import type { EvalCase } from '../eval-case.js';
import { toEvalCase } from '../tuning-set-b/case.js';
import { holdoutBCases } from './cases.js';

/** The holdout-b corpus: the held-out third of the tuning-set-b systems' incidents (never tuned on). */
export const holdoutBEvalCases: readonly EvalCase[] = holdoutBCases.map((c) =>
  toEvalCase(c, 'holdout-b'),
);
