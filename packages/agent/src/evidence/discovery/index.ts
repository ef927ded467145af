export {
  metricCatalogue,
  planQueries,
  renderMatchers,
  type MetricFamily,
  type MetricRecipe,
  type PlannedQuery,
} from './metric-families.js';
export { extractServiceFromQuestion, type KnownService, type ServiceMention } from './question.js';
export {
  hostOfInstance,
  instanceNamesService,
  isGeneratedSuffixOf,
  matchServiceLabels,
  normalizeServiceName,
  SERVICE_LABEL_NAMES,
  toLabelMatcher,
  type MatchKind,
  type ServiceAlias,
  type ServiceLabelMatch,
} from './service-labels.js';
export {
  healthGaugeRecipes,
  isHealthGauge,
  isLatencyHistogram,
  isRequestCounter,
  isServerErrorValue,
  requestMetricRecipes,
  meanLatencyRecipes,
  SIDE_LABELS,
  STATUS_LABELS,
  type MetricShape,
} from './request-metrics.js';
