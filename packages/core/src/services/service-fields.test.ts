import { describe, expect, it } from 'vitest';
import {
  labelMatchersSchema,
  serviceAliasesSchema,
  serviceDescriptionSchema,
  serviceNameSchema,
} from './service-fields.js';

function messages(result: {
  success: boolean;
  error?: { issues: Array<{ path: PropertyKey[]; message: string }> };
}) {
  return result.error?.issues.map((issue) => [issue.path.map(String).join('.'), issue.message]);
}

describe('labelMatchersSchema', () => {
  it('accepts equality matchers per source', () => {
    const value = { prometheus: { job: 'api', namespace: 'prod' }, loki: { app: 'api', _x: 'y' } };
    expect(labelMatchersSchema.parse(value)).toEqual(value);
    expect(labelMatchersSchema.parse({})).toEqual({});
  });

  it('names an unknown source instead of storing it', () => {
    expect(messages(labelMatchersSchema.safeParse({ promethues: { job: 'api' } }))).toEqual([
      ['', 'Label matchers are supported for prometheus and loki only; remove promethues.'],
    ]);
  });

  it('names an invalid or reserved label name', () => {
    expect(messages(labelMatchersSchema.safeParse({ prometheus: { '1job': 'api' } }))).toEqual([
      [
        'prometheus.1job',
        '"1job" is not a valid label name: label names start with a letter or underscore and contain only letters, digits and underscores.',
      ],
    ]);
    expect(
      messages(labelMatchersSchema.safeParse({ loki: { 'app-name': 'x' } }))?.[0]?.[1],
    ).toMatch(/"app-name" is not a valid label name/);
    expect(messages(labelMatchersSchema.safeParse({ loki: { __name__: 'x' } }))?.[0]?.[1]).toMatch(
      /reserved/,
    );
  });

  it('refuses empty, over-long and control-character values, empty label sets and too many labels', () => {
    expect(messages(labelMatchersSchema.safeParse({ loki: { app: '' } }))?.[0]?.[1]).toMatch(
      /cannot be empty/,
    );
    expect(
      messages(labelMatchersSchema.safeParse({ loki: { app: 'x'.repeat(201) } }))?.[0]?.[1],
    ).toMatch(/at most 200/);
    expect(messages(labelMatchersSchema.safeParse({ loki: { app: 'a\nb' } }))?.[0]?.[1]).toMatch(
      /control characters/,
    );
    expect(messages(labelMatchersSchema.safeParse({ prometheus: {} }))?.[0]?.[1]).toMatch(
      /at least one label/,
    );
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`l${i}`, 'v']));
    expect(messages(labelMatchersSchema.safeParse({ prometheus: eleven }))?.[0]?.[1]).toMatch(
      /At most 10 labels/,
    );
    expect(messages(labelMatchersSchema.safeParse({ prometheus: { job: 5 } }))?.[0]?.[0]).toBe(
      'prometheus.job',
    );
  });
});

describe('service name, aliases and description', () => {
  it('trims names and refuses empty ones', () => {
    expect(serviceNameSchema.parse('  checkout-api ')).toBe('checkout-api');
    expect(serviceNameSchema.safeParse(' ').error?.issues[0]?.message).toBe(
      'Enter a service name.',
    );
  });
  it('refuses duplicate aliases ignoring case, and more than 20', () => {
    expect(serviceAliasesSchema.parse([' checkout ', 'co'])).toEqual(['checkout', 'co']);
    expect(
      serviceAliasesSchema.safeParse(['Checkout', 'checkout']).error?.issues[0]?.message,
    ).toMatch(/different from each other/);
    expect(
      serviceAliasesSchema.safeParse(Array.from({ length: 21 }, (_, i) => `a${i}`)).success,
    ).toBe(false);
  });
  it('stores a blank description as null', () => {
    expect(serviceDescriptionSchema.parse('   ')).toBeNull();
    expect(serviceDescriptionSchema.parse(' Takes payments ')).toBe('Takes payments');
  });
});
