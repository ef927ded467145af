export {
  consumeInvestigationQuota,
  INVESTIGATIONS_METRIC,
  type QuotaConsumed,
} from './consume-investigation-quota.js';
export { nextUtcMidnight, utcDay } from './usage-period.js';
