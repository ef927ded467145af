import { describe, expect, it } from 'vitest';
import { certificateOwner } from './certificate-expiry.js';
import { blamedService, classifyLogPattern } from './classify-log-pattern.js';
import { claimBelongsTo } from './service-directory.js';

describe('who a signal belongs to', () => {
  it('a certificate belongs to the service presenting it, not to cert-manager', () => {
    const services = ['web', 'ingress-nginx', 'ingress-nginx-controller', 'cert-manager'];
    expect(
      certificateOwner(
        { job: 'ingress-nginx/ingress-nginx-controller', host: 'api.example.com' },
        services,
      ),
    ).toBe('ingress-nginx');
    expect(
      certificateOwner({ job: 'cert-manager/cert-manager', name: 'api-tls' }, services),
    ).toBeNull();
    expect(certificateOwner({ instance: 'https://web:443' }, services)).toBe('web');
  });

  it("an expired certificate a client reports belongs to the server it names; an open breaker names its dependency's alias", () => {
    const services = ['checkout', 'billing', 'card-gateway'];
    const expired =
      'Charge failed: I/O error on POST request for "https://billing:8443/v1/charge": javax.net.ssl.SSLHandshakeException: PKIX path validation failed: java.security.cert.CertificateExpiredException: NotAfter: Sat Dec 05 23:59:59 UTC 2026';
    expect(classifyLogPattern(expired)).toBe('certificate');
    expect(blamedService(expired, 'certificate', 'checkout', services)).toBe('billing');
    const breaker =
      "Charge failed io.github.resilience4j.circuitbreaker.CallNotPermittedException: CircuitBreaker 'stripe' is OPEN and does not permit further calls";
    const aliases = new Map([['stripe', 'card-gateway']]);
    expect(blamedService(breaker, 'app_exception', 'billing', services, new Map(), aliases)).toBe(
      'card-gateway',
    );
    // An alias that is a common word blames only where a line names a peer (quoted, or as a host).
    const trace =
      'OperationalError: could not extend file: No space left on device File "/app/django/db/backends/utils.py"';
    const web = new Map([
      ['django', 'web'],
      ['app', 'web'],
    ]);
    expect(
      blamedService(trace, 'disk_full', 'worker', ['worker', 'web'], new Map(), web),
    ).toBeNull();
    expect(
      blamedService(
        'upstream failed: GET https://app.example.com/x returned 503',
        'errors',
        'worker',
        ['worker', 'web'],
        new Map(),
        web,
      ),
    ).toBe('web');
    // Without the alias nothing names a service: it stays the author's.
    expect(blamedService(breaker, 'app_exception', 'billing', services)).toBeNull();
  });

  it("a StatefulSet's volume claims belong to it", () => {
    expect(claimBelongsTo('data-postgres-0', 'postgres')).toBe(true);
    expect(claimBelongsTo('redis-data-redis-master-0', 'redis')).toBe(true);
    expect(claimBelongsTo('data-postgres-exporter-0', 'postgres')).toBe(false);
    expect(claimBelongsTo('uploads', 'postgres')).toBe(false);
  });

  it("a resolver that fails is the caller's DNS; a name that does not exist is the callee's", () => {
    const services = ['reviews', 'ratings'];
    const failed =
      'Error: unable to contact http://ratings:9080/ratings got exception java.net.UnknownHostException: ratings: Temporary failure in name resolution';
    expect(classifyLogPattern(failed)).toBe('dns');
    expect(blamedService(failed, 'dns', 'reviews', services)).toBeNull();
    const missing = 'dial tcp: lookup ratings on 10.96.0.10:53: no such host';
    expect(blamedService(missing, 'dns', 'reviews', services)).toBe('ratings');
  });

  it("a database's own disk errors stay its own, a client's relay points at it", () => {
    const services = ['web', 'postgres'];
    const own =
      '2026-12-07 20:01:02.345 GMT [4411] ERROR: could not extend file "base/16384/24718": No space left on device (app=web)';
    expect(classifyLogPattern(own)).toBe('disk_full');
    expect(blamedService(own, 'disk_full', 'postgres', services)).toBeNull();
    expect(
      blamedService(
        'OperationalError: connection to server at "postgres" failed: No space left on device',
        'disk_full',
        'web',
        services,
      ),
    ).toBe('postgres');
  });

  it("reads common clients' words for a lost server and blames the server they name", () => {
    const line =
      "error checkout failed: redis INCR cart failed: Stream isn't writeable and enableOfflineQueue options is false";
    expect(classifyLogPattern(line)).toBe('dependency_failure');
    expect(blamedService(line, 'dependency_failure', 'shop-api', ['shop-api', 'redis'])).toBe(
      'redis',
    );
    expect(classifyLogPattern('Error: Connection terminated unexpectedly')).toBe(
      'dependency_failure',
    );
  });
});
