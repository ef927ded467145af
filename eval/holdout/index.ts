import type { EvalCase } from '../eval-case.js';
import { toEvalCase, type HoldoutCase } from './case.js';
import { hotelCases } from './hotel-cases.js';
import { trainCases } from './train-cases.js';

/** The held-out corpus's cases as written. */
export const holdoutCaseSpecs: readonly HoldoutCase[] = [...hotelCases, ...trainCases];

/** The held-out corpus in the runner's form: every case is held out. */
export const holdoutCases: readonly EvalCase[] = holdoutCaseSpecs.map(toEvalCase);
