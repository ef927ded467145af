export {
  chooseInvestigationModel,
  INVESTIGATION_MODEL_TIMEOUT_MS,
  type InvestigationLlm,
} from './choose-investigation-model.js';
export {
  loadInvestigationContext,
  type InvestigationService,
  type QueryableSource,
  type WorkspaceInvestigationContext,
} from './load-investigation-context.js';
export { recordInvestigationSecurityEvent } from './record-investigation-security-event.js';
