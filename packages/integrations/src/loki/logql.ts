import { AppError } from '@vibemonitor/contracts';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Escapes a value for a double-quoted LogQL/PromQL string. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Escapes RE2 metacharacters so a name matches literally inside `=~`. */
export function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A stream selector from label matchers: a string is an exact match, a list
 * matches any of its values, e.g. `{ app: 'api', env: ['prod', 'eu'] }` ->
 * `{app="api", env=~"prod|eu"}`. Values are escaped; label names must be
 * plain identifiers.
 * @throws AppError('VALIDATION_FAILED') for an invalid label name or no matchers.
 */
export function labelSelector(matchers: Record<string, string | readonly string[]>): string {
  const parts = Object.entries(matchers).map(([name, value]) => {
    if (!LABEL_NAME.test(name)) {
      throw new AppError(
        'VALIDATION_FAILED',
        `"${name}" is not a valid label name (letters, digits and _; not starting with a digit).`,
      );
    }
    if (typeof value === 'string') return `${name}="${escapeLabelValue(value)}"`;
    if (value.length === 0)
      throw new AppError('VALIDATION_FAILED', `The matcher for label "${name}" has no values.`);
    if (value.length === 1 && value[0] !== undefined)
      return `${name}="${escapeLabelValue(value[0])}"`;
    return `${name}=~"${escapeLabelValue(value.map(escapeRegex).join('|'))}"`;
  });
  if (parts.length === 0)
    throw new AppError('VALIDATION_FAILED', 'A selector needs at least one label matcher.');
  return `{${parts.join(', ')}}`;
}
