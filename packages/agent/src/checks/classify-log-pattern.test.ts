import { describe, expect, it } from 'vitest';
import { classifyLogPattern } from './classify-log-pattern.js';

/*
 * Each driver and runtime words the same mechanism its own way; the lines
 * below are the libraries' own messages (MongoDB drivers, the JDK's TLS
 * stack), not any corpus's.
 */
describe('classifyLogPattern: library vocabularies', () => {
  it.each([
    // MongoDB Go driver, Node driver (MongoWaitQueueTimeoutError), Java driver.
    'find shipments: timed out while checking out a connection from connection pool: context deadline exceeded; maxPoolSize: 100, connections in use by cursors: 0',
    'MongoWaitQueueTimeoutError: Timed out while checking out a connection from connection pool',
  ])('a connection pool checkout that timed out is pool exhaustion: %s', (line) => {
    expect(classifyLogPattern(line)).toBe('pool_exhaustion');
  });

  it('a server the driver cannot select is not a full pool', () => {
    expect(
      classifyLogPattern(
        'com.mongodb.MongoTimeoutException: Timed out after 30000 ms while waiting for a server that matches ReadPreferenceServerSelector',
      ),
    ).not.toBe('pool_exhaustion');
  });

  it.each([
    'javax.net.ssl.SSLHandshakeException: PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed',
    'Caused by: java.security.cert.CertificateExpiredException: NotAfter: Sat Dec 05 23:59:59 UTC 2026',
  ])("the JDK's certificate failures are certificate problems: %s", (line) => {
    expect(classifyLogPattern(line)).toBe('certificate');
  });
});
