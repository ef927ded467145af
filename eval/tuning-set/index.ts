import type { EvalCase } from '../eval-case.js';
import { bookinfoCases } from './bookinfo-cases.js';
import { bookinfoCasesSecondBatch } from './bookinfo-cases-2.js';
import { toEvalCase, type TuningCase } from './case.js';
import { saasCases } from './saas-cases.js';
import { saasCasesSecondBatch } from './saas-cases-2.js';

/** Every case of the tuning-set corpus, as written (before wiring). */
export const tuningCaseDefinitions: readonly TuningCase[] = [
  ...bookinfoCases,
  ...bookinfoCasesSecondBatch,
  ...saasCases,
  ...saasCasesSecondBatch,
];

/** The tuning-set corpus: incidents on Istio Bookinfo and a Django + Celery SaaS, written blind to the engine, meant to be tuned on. */
export const tuningSetCases: readonly EvalCase[] = tuningCaseDefinitions.map(toEvalCase);
