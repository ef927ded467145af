import { z } from 'zod';

/*
 * One input rule for all text. PostgreSQL refuses NUL in `text` columns and a
 * lone UTF-16 surrogate cannot be encoded as UTF-8, so either one reaching
 * the database (or a JSON encoder, a log line, an email) turns a user's typo
 * or an attacker's probe into a 500. Every string a procedure accepts goes
 * through `text()` (or a format such as `z.uuid()` that already refuses
 * them); the router walk in apps/standalone/test/input-text-rule.test.ts
 * proves it for every string field, record keys included.
 */

/** The message of the refusal; zod prefixes the field's path, so the 400 names the field. */
export const UNSAFE_TEXT_MESSAGE = 'must not contain NUL characters or unpaired UTF-16 surrogates.';

/** Identifies the rule in a schema's checks (`params.rule`), for tests and samplers. */
export const SAFE_TEXT_RULE = 'safe-text';

// Without the `u` flag these match UTF-16 code units, so a high surrogate not
// followed by a low one (or a low one not preceded by a high one) is found.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `value` has no NUL and no unpaired surrogate (it is well-formed, storable text). */
export function isSafeText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

/**
 * `z.string()` with the text rule: refuses NUL and lone surrogates with a
 * 400 naming the field. Chain `.trim()`, `.min()`, `.max()`... as usual.
 */
export function text(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).refine(isSafeText, {
    message: `Text ${UNSAFE_TEXT_MESSAGE}`,
    params: { rule: SAFE_TEXT_RULE },
  });
}

/** True when a zod check definition is the text rule (used by the schema walkers in tests). */
export function isSafeTextCheck(check: { check?: unknown; params?: unknown }): boolean {
  return (
    check.check === 'custom' &&
    typeof check.params === 'object' &&
    check.params !== null &&
    (check.params as { rule?: unknown }).rule === SAFE_TEXT_RULE
  );
}

// C0 controls (TAB, CR, LF included), DEL, C1 controls, and the Unicode line
// and paragraph separators: none belongs in a header line.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const HEADER_CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g;

/**
 * Makes a value safe for an email header (Subject, display names): control
 * characters, CR and LF included, become a single space, so user-chosen
 * names cannot add header lines or break a subject in two.
 */
export function headerSafe(value: string): string {
  return value.replace(HEADER_CONTROL, ' ').replace(/ {2,}/g, ' ').trim();
}
