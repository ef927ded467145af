import { text } from '@vibemonitor/contracts';
import { z } from 'zod';
import { hasControlCharacters, mustSatisfy } from '../environments/environment-summary.js';

export const SERVICE_NAME_MAX = 100;
export const SERVICE_DESCRIPTION_MAX = 1000;
export const SERVICE_ALIASES_MAX = 20;
export const SERVICE_LABELS_PER_SOURCE_MAX = 10;
export const SERVICE_LABEL_VALUE_MAX = 200;

/**
 * Telemetry sources a service can be matched in. Keys of `labelMatchers`;
 * the logs and metrics queries read `loki` and `prometheus` respectively
 * (Grafana's datasources are Loki and Prometheus too).
 */
export const labelMatcherSources = ['prometheus', 'loki'] as const;
export type LabelMatcherSource = (typeof labelMatcherSources)[number];

/** Equality matchers per source, e.g. `{ prometheus: { job: 'api' }, loki: { app: 'api' } }`. */
export type LabelMatchers = Partial<Record<LabelMatcherSource, Record<string, string>>>;

/** Prometheus and Loki label names; names starting with `__` are reserved for internal use. */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export const serviceNameSchema = text({ message: 'Enter a service name.' })
  .trim()
  .min(1, 'Enter a service name.')
  .max(SERVICE_NAME_MAX, `Service names are at most ${SERVICE_NAME_MAX} characters.`)
  .transform(
    mustSatisfy(
      (name) => !hasControlCharacters(name),
      'Service names cannot contain control characters.',
    ),
  );

export const serviceDescriptionSchema = text()
  .trim()
  .max(SERVICE_DESCRIPTION_MAX, `Descriptions are at most ${SERVICE_DESCRIPTION_MAX} characters.`)
  .transform((text) => (text === '' ? null : text))
  .nullable();

const aliasSchema = text()
  .trim()
  .min(1, 'Aliases cannot be empty.')
  .max(SERVICE_NAME_MAX, `Aliases are at most ${SERVICE_NAME_MAX} characters.`)
  .refine((alias) => !hasControlCharacters(alias), 'Aliases cannot contain control characters.');

/** Other names people use for the service in chat and alerts ("checkout", "co-api"); unique ignoring case. */
export const serviceAliasesSchema = z
  .array(aliasSchema)
  .max(SERVICE_ALIASES_MAX, `A service has at most ${SERVICE_ALIASES_MAX} aliases.`)
  .refine(
    (aliases) => new Set(aliases.map((a) => a.toLowerCase())).size === aliases.length,
    'Aliases must be different from each other (ignoring case).',
  );

const labelNameSchema = text()
  .regex(
    LABEL_NAME,
    'label names start with a letter or underscore and contain only letters, digits and underscores.',
  )
  .refine((name) => !name.startsWith('__'), 'names starting with __ are reserved.');

const labelValueSchema = text()
  .min(1, 'Label values cannot be empty: leave the label out instead.')
  .max(SERVICE_LABEL_VALUE_MAX, `Label values are at most ${SERVICE_LABEL_VALUE_MAX} characters.`)
  .refine(
    (value) => !hasControlCharacters(value),
    'Label values cannot contain control characters.',
  );

const labelSetSchema = z
  .record(labelNameSchema, labelValueSchema, {
    // zod reports a bad key as a bare "Invalid key in record": name the key and the rule instead.
    error: (issue) =>
      issue.code === 'invalid_key'
        ? `"${String(issue.input)}" is not a valid label name: ${issue.issues[0]?.message ?? 'see the label name rules'}`
        : undefined,
  })
  .refine(
    (labels) => Object.keys(labels).length > 0,
    'Give at least one label, or leave the source out.',
  )
  .refine(
    (labels) => Object.keys(labels).length <= SERVICE_LABELS_PER_SOURCE_MAX,
    `At most ${SERVICE_LABELS_PER_SOURCE_MAX} labels per source.`,
  );

/**
 * Per-source label matchers. Unknown sources are refused (rather than stored
 * and silently ignored) so a typo such as `promethues` is caught at once.
 */
export const labelMatchersSchema: z.ZodType<LabelMatchers> = z.strictObject(
  { prometheus: labelSetSchema.optional(), loki: labelSetSchema.optional() },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `Label matchers are supported for ${labelMatcherSources.join(' and ')} only; remove ${issue.keys.join(', ')}.`
        : undefined,
  },
);
