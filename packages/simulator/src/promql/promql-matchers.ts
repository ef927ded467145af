import { AppError } from '@vibemonitor/contracts';
import type { LabelMatcher } from './promql-ast.js';
import { SUPPORTED_SUMMARY } from './promql-functions.js';

/** Refuses real PromQL the demo evaluator does not implement, instead of answering it wrongly. */
export function unsupported(what: string): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    `The demo data source understands a subset of PromQL and cannot run ${what}. Supported: ${SUPPORTED_SUMMARY}.`,
  );
}

/** Compiles a label matcher's regex the way Prometheus does: fully anchored. */
export function matcherRegex(value: string): RegExp {
  try {
    return new RegExp(`^(?:${value})$`, 's');
  } catch (error) {
    throw new AppError(
      'VALIDATION_FAILED',
      `invalid regular expression ${JSON.stringify(value)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

export function matchesValue(matcher: LabelMatcher, value: string, regex?: RegExp): boolean {
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return (regex ?? matcherRegex(matcher.value)).test(value);
    case '!~':
      return !(regex ?? matcherRegex(matcher.value)).test(value);
  }
}
