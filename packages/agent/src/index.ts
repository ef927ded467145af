export type { InvestigationInput, InvestigationResult, Investigator } from './investigator.js';
