export * from './discovery/index.js';
export * from './log-patterns/index.js';
export * from './metric-change/index.js';
export {
  diffLogRecords,
  diffLogWindows,
  looksLikeError,
  type LogWindow,
  type PatternChange,
  type PatternDiff,
  type PatternDiffOptions,
  type TimedLine,
  type TimeRange,
} from './pattern-diff.js';
