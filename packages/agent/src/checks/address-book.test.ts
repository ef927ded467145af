import { describe, expect, it } from 'vitest';
import { addressesFromSeries, serviceByAddress } from './address-book.js';
import { blamedService } from './classify-log-pattern.js';

const services = ['frontend', 'orders', 'inventory', 'ledger'];

describe('address book', () => {
  const book = addressesFromSeries(
    new Map<string, Array<Record<string, string>>>([
      ['kube_service_info', [{ service: 'inventory', cluster_ip: '10.96.14.2' }]],
      [
        'kube_pod_info',
        [
          {
            pod: 'ledger-5f7d8c9b4-x7k2p',
            pod_ip: '10.244.1.17',
            created_by_name: 'ledger-5f7d8c9b4',
          },
          { pod: 'node-debugger', pod_ip: '10.244.1.99', created_by_name: 'node-debugger' },
        ],
      ],
      [
        'up',
        [
          { job: 'kubernetes-pods', app: 'orders', instance: '10.244.2.8:8080' },
          // Two services claim one address (host networking): ambiguous, left out.
          { app: 'frontend', instance: '10.0.0.5:8080' },
          { app: 'orders', instance: '10.0.0.5:9090' },
          { app: 'frontend', instance: '127.0.0.1:8080' },
        ],
      ],
    ]),
    services,
  );

  it('maps cluster IPs, pod IPs (through their owner) and scrape targets to services', () => {
    expect(Object.fromEntries(book)).toEqual({
      '10.96.14.2': 'inventory',
      '10.244.1.17': 'ledger',
      '10.244.2.8': 'orders',
    });
  });

  it('finds the owner of an address a line names, never the author, never a resolver', () => {
    expect(
      serviceByAddress('dial tcp 10.96.14.2:8080: connect: connection refused', 'orders', book),
    ).toBe('inventory');
    expect(serviceByAddress('upstream connect error 10.244.2.8:8080', 'orders', book)).toBeNull();
    expect(
      serviceByAddress('lookup ledger on 10.96.14.2:53: no such host', 'orders', book),
    ).toBeNull();
    expect(serviceByAddress('version 110.96.14.25 built', 'orders', book)).toBeNull();
  });

  it('lets a caller whose error names only an address blame the owner', () => {
    const line =
      'Get "http://10.244.1.17:9000/balance": dial tcp 10.244.1.17:9000: connect: connection refused';
    expect(blamedService(line, 'dependency_failure', 'orders', services, book)).toBe('ledger');
    expect(blamedService(line, 'dependency_failure', 'orders', services)).toBeNull();
  });

  it('reads a pod host name as its service', () => {
    expect(
      blamedService(
        'connection refused: ledger-5f7d8c9b4-x7k2p.ledger.svc:9000',
        'dependency_failure',
        'orders',
        services,
      ),
    ).toBe('ledger');
  });
});
