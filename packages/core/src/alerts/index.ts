export {
  alertEndpointPath,
  MAX_ALERT_ENDPOINTS,
  type AlertEndpointView,
} from './alert-endpoint-view.js';
export {
  ALERT_SECRET_PREFIX,
  ALERT_SIGNATURE_HEADER,
  generateAlertSecret,
  signAlertBody,
  verifyAlertRequest,
} from './alert-secret.js';
export { createAlertEndpoint } from './create-alert-endpoint.js';
export { deleteAlertEndpoint } from './delete-alert-endpoint.js';
export {
  alertGroupQuestion,
  describeAlertGroup,
  ENVIRONMENT_LABELS,
  SERVICE_LABELS,
  type AlertGroupDescription,
} from './describe-alert-group.js';
export { findAlertOnset } from './find-alert-onset.js';
export { listAlertEndpoints } from './list-alert-endpoints.js';
export { listAlertGroups, type AlertGroupView } from './list-alert-groups.js';
export { notifyAlertGroup } from './notify-alert-group.js';
export {
  detectAlertFormat,
  parseAlertPayload,
  type AlertFormat,
  type NormalizedAlert,
  type NormalizedAlertGroup,
} from './parse-alert-payload.js';
export {
  receiveAlert,
  type ReceiveAlertDeps,
  type ReceiveAlertOutcome,
  type ReceivedAlertRequest,
} from './receive-alert.js';
export { rotateAlertEndpointSecret } from './rotate-alert-endpoint-secret.js';
export { updateAlertEndpoint } from './update-alert-endpoint.js';
