import { AppError } from '@vibemonitor/contracts';

/*
 * NRQL is built only through `nrql` below: every interpolated value becomes
 * a literal (strings quoted and escaped, numbers checked finite, dates as
 * epoch milliseconds) or, wrapped in `nrqlIdentifier`, a checked attribute
 * name. There is no way to splice raw text in, so nothing a user, a log
 * line or a service name contains can change the query's structure.
 */

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_.]*$/;

export class NrqlIdentifier {
  constructor(readonly name: string) {}
}

/** An attribute or event type name; refused unless it is a plain name (backticks cannot be escaped in NRQL). */
export function nrqlIdentifier(name: string): NrqlIdentifier {
  if (!IDENTIFIER.test(name)) {
    throw new AppError('VALIDATION_FAILED', `"${name}" is not a New Relic attribute name.`);
  }
  return new NrqlIdentifier(name);
}

/** A string literal: single-quoted, backslashes and quotes escaped, control characters refused. */
export function nrqlString(value: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(value)) {
    throw new AppError('VALIDATION_FAILED', 'NRQL values cannot contain control characters.');
  }
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export type NrqlValue = string | number | Date | NrqlIdentifier | readonly (string | number)[];

function literal(value: NrqlValue): string {
  if (value instanceof NrqlIdentifier) return value.name;
  if (value instanceof Date) return String(value.getTime());
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new AppError('VALIDATION_FAILED', 'NRQL numbers must be finite.');
    return String(value);
  }
  if (typeof value === 'string') return nrqlString(value);
  if (value.length === 0)
    throw new AppError('VALIDATION_FAILED', 'An NRQL IN list cannot be empty.');
  return `(${value.map((item) => literal(item)).join(', ')})`;
}

/** A tagged template: `nrql\`SELECT count(*) FROM Log WHERE service = ${name} SINCE ${start}\``. */
export function nrql(strings: TemplateStringsArray, ...values: NrqlValue[]): string {
  return strings.reduce(
    (query, text, index) => query + text + (index < values.length ? literal(values[index]!) : ''),
    '',
  );
}
