export { cusumOnset, meanShiftIndex, meanShiftTimestamp, type CusumOptions, type Onset, type SeriesPoint } from './change-point.js';
export { orderOnsets, rankMetricChanges, STOPPED_REPORTING, type MetricCandidate, type MetricChange, type OnsetOrder, type RankOptions, type TimeWindowSeconds } from './rank.js';
export { finiteValues, mad, MAD_TO_SIGMA, median, quantile, robustScale, robustZ, type RobustScaleOptions } from './robust.js';
export { badness, signalInfo, signalKinds, type Direction, type SignalInfo, type SignalKind } from './signals.js';
