import { describe, expect, it } from 'vitest';
import {
  isGeneratedSuffixOf,
  matchServiceLabels,
  normalizeServiceName,
  toLabelMatcher,
} from './service-labels.js';

describe('normalizeServiceName', () => {
  it('ignores case and separators', () => {
    for (const name of ['api-gateway', 'api_gateway', 'apigateway', 'API.Gateway', 'Api Gateway'])
      expect(normalizeServiceName(name)).toBe('apigateway');
  });
});

describe('isGeneratedSuffixOf', () => {
  it.each([
    ['api-gateway-7d9f8c5b6-xk2p9', true],
    ['api-gateway-7d9f', true],
    ['postgres-0', false],
    ['api-gateway', false],
    ['api-gateway-canary', false],
    ['api-gatewayx-7d9f', false],
  ])('%s', (value, expected) => {
    expect(
      isGeneratedSuffixOf(value, value.startsWith('postgres') ? 'orders' : 'api-gateway'),
    ).toBe(expected);
  });

  it('accepts StatefulSet ordinals and rejects sibling services', () => {
    expect(isGeneratedSuffixOf('postgres-0', 'postgres')).toBe(true);
    expect(isGeneratedSuffixOf('orders-db', 'orders')).toBe(false);
  });
});

describe('matchServiceLabels', () => {
  const labelValues = {
    service_name: ['api_gateway', 'checkout'],
    job: ['Checkout', 'node-exporter', 'orders-db'],
    container: ['checkout', 'orders'],
    pod: [
      'checkout-7d9f8c5b6-xk2p9',
      'checkout-7d9f8c5b6-bq4zt',
      'checkout-canary',
      'orders-6b8c9d7f4-h2k5m',
    ],
    namespace: ['checkout'],
  };

  it('ranks exact over case-insensitive over pod prefixes, by label priority', () => {
    const matches = matchServiceLabels({ service: 'checkout', labelValues });
    expect(matches.map((m) => [m.label, m.value, m.kind])).toEqual([
      ['service_name', 'checkout', 'exact'],
      ['container', 'checkout', 'exact'],
      ['job', 'Checkout', 'case-insensitive'],
      ['pod', 'checkout-7d9f8c5b6-bq4zt', 'prefix'],
      ['pod', 'checkout-7d9f8c5b6-xk2p9', 'prefix'],
    ]);
    expect(toLabelMatcher(matches)).toBe('service_name="checkout"');
  });

  it('matches normalised names and never a sibling service', () => {
    expect(matchServiceLabels({ service: 'api-gateway', labelValues })).toMatchObject([
      { label: 'service_name', value: 'api_gateway', kind: 'normalized' },
    ]);
    expect(matchServiceLabels({ service: 'orders', labelValues }).map((m) => m.value)).toEqual([
      'orders',
      'orders-6b8c9d7f4-h2k5m',
    ]);
  });

  it('puts aliases first, including pairs for labels that were not listed', () => {
    const matches = matchServiceLabels({
      service: 'shop',
      aliases: ['checkout', { label: 'k8s_deployment', value: 'shop-frontend' }],
      labelValues,
    });
    expect(matches[0]).toMatchObject({
      label: 'k8s_deployment',
      value: 'shop-frontend',
      kind: 'alias',
      score: 100,
    });
    expect(matches[1]).toMatchObject({ label: 'service_name', value: 'checkout', kind: 'alias' });
    expect(matches.find((m) => m.value === 'Checkout')).toMatchObject({
      kind: 'case-insensitive',
      score: 79,
    });
  });

  it('finds environment-prefixed values as weak matches and returns nothing for unknown services', () => {
    expect(
      matchServiceLabels({
        service: 'payments',
        labelValues: { app: ['prod-payments', 'payments-api'] },
      }),
    ).toEqual([{ label: 'app', value: 'prod-payments', kind: 'suffix', score: 40 }]);
    expect(matchServiceLabels({ service: 'billing', labelValues })).toEqual([]);
    expect(toLabelMatcher([])).toBeNull();
  });

  it('builds a regex matcher over replicas when only pods match', () => {
    const matches = matchServiceLabels({
      service: 'checkout',
      labelValues: { pod: labelValues.pod },
    });
    expect(toLabelMatcher(matches)).toBe(
      'pod=~"checkout-7d9f8c5b6-bq4zt|checkout-7d9f8c5b6-xk2p9"',
    );
    expect(toLabelMatcher([{ label: 'app', value: 'we"ird', kind: 'exact', score: 90 }])).toBe(
      'app="we\\"ird"',
    );
  });
});
