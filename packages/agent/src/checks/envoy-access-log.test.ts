import { describe, expect, it } from 'vitest';
import { blamedService, classifyLogPattern } from './classify-log-pattern.js';
import { envoyFlagKind, envoyUpstreamHost } from './envoy-access-log.js';

const line = (
  code: string,
  flags: string,
  cluster = 'outbound|9080||ratings.bookinfo.svc.cluster.local',
) =>
  `[2026-12-07T19:01:02.345Z] "GET /ratings/0 HTTP/1.1" ${code} ${flags} via_upstream - "-" 0 48 3 2 "-" "Go-http-client/1.1" "5f1c" "ratings:9080" "10.244.1.17:9080" ${cluster} 10.244.2.8:41234 10.96.14.2:9080 10.244.2.8:52100 - default`;

describe('Envoy access log', () => {
  it('reads the response flags as the reason', () => {
    expect(envoyFlagKind(line('503', 'UF,URX'))).toBe('dependency_failure');
    expect(envoyFlagKind(line('503', 'UH'))).toBe('dependency_failure');
    expect(
      envoyFlagKind(
        line('503', 'URX,UF').replace(
          'via_upstream',
          'upstream_reset_before_response_started{connection_timeout}',
        ),
      ),
    ).toBe('network');
    expect(envoyFlagKind(line('504', 'UT'))).toBe('slow_dependency');
    expect(envoyFlagKind(line('503', 'FI'))).toBe('config_change');
    expect(envoyFlagKind(line('429', 'RL'))).toBe('traffic_surge');
    expect(envoyFlagKind(line('200', '-'))).toBeNull();
    expect(envoyFlagKind('GET /health 200 OK')).toBeNull();
    expect(classifyLogPattern(line('503', 'UF'))).toBe('dependency_failure');
  });

  it("blames the upstream cluster's service, not the caller or other names in the line", () => {
    expect(envoyUpstreamHost(line('503', 'UF'))).toBe('ratings');
    expect(envoyUpstreamHost(line('200', '-', 'inbound|9080||'))).toBeNull();
    expect(
      blamedService(line('503', 'FI'), 'config_change', 'reviews', [
        'productpage',
        'reviews',
        'ratings',
      ]),
    ).toBe('ratings');
  });
});
