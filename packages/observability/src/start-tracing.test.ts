import { describe, expect, it } from 'vitest';
import { otlpTracesUrl } from './start-tracing.js';

describe('otlpTracesUrl', () => {
  it('appends v1/traces to the base endpoint, as the OTLP spec says', () => {
    expect(otlpTracesUrl('http://127.0.0.1:4318')).toBe('http://127.0.0.1:4318/v1/traces');
    expect(otlpTracesUrl('http://collector:4318/')).toBe('http://collector:4318/v1/traces');
    expect(otlpTracesUrl('https://otel.example.com/tenant-a//')).toBe(
      'https://otel.example.com/tenant-a/v1/traces',
    );
  });

  it('rejects anything but an http(s) URL with a message naming the variable', () => {
    for (const bad of ['localhost:4318', 'collector', 'grpc://collector:4317']) {
      expect(() => otlpTracesUrl(bad)).toThrow(
        /OTEL_EXPORTER_OTLP_ENDPOINT must be an http\(s\) URL/,
      );
    }
  });
});
