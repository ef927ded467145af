import { describe, expect, it } from 'vitest';
import { createPersonalDataMasker } from './personal-data-masker.js';

// Realistic lines from logs, tool results and questions, with what must
// disappear from them before a model provider reads them.
const corpus: Array<{ line: string; secrets: string[] }> = [
  {
    line: '2026-12-07T14:05:12.345Z ERROR payment failed for user jane.doe@example.com card 4111 1111 1111 1111 from 203.0.113.42',
    secrets: ['jane.doe@example.com', '4111 1111 1111 1111', '203.0.113.42'],
  },
  {
    line: 'level=warn msg="login throttled" email=Bob.Smith+test@corp.example.org ip=198.51.100.7 attempts=12',
    secrets: ['Bob.Smith+test@corp.example.org', '198.51.100.7'],
  },
  {
    line: 'GET /v1/orders 401 Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    secrets: [
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    ],
  },
  {
    line: 'upstream call failed: Authorization: Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0 (status 403)',
    secrets: ['9f8e7d6c5b4a39281706f5e4d3c2b1a0'],
  },
  {
    line: 'config loaded: OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwx1234 region=eu-west-1',
    secrets: ['sk-proj-abcdefghijklmnopqrstuvwx1234'],
  },
  {
    line: 'aws: using access key AKIAIOSFODNN7EXAMPLE for bucket uploads-prod',
    secrets: ['AKIAIOSFODNN7EXAMPLE'],
  },
  {
    line: '{"level":"error","msg":"db auth failed","password":"hunter2-Prod!","host":"10.0.12.4","port":5432}',
    secrets: ['hunter2-Prod!', '10.0.12.4'],
  },
  {
    line: 'redirect to https://app.example.com/callback?code=abc&access_token=ya29.a0AfH6SMBx3k9Lq&state=xyz',
    secrets: ['ya29.a0AfH6SMBx3k9Lq'],
  },
  {
    line: 'SMS to +44 20 7946 0958 failed: carrier rejected',
    secrets: ['+44 20 7946 0958'],
  },
  {
    line: 'support callback requested by (415) 555-0132, ticket 88231',
    secrets: ['(415) 555-0132'],
  },
  {
    line: 'client 2001:db8:85a3::8a2e:370:7334 reset the connection',
    secrets: ['2001:db8:85a3::8a2e:370:7334'],
  },
  {
    line: 'slack notify failed with token xoxb-123456789012-abcdefghijklmnop',
    secrets: ['xoxb-123456789012-abcdefghijklmnop'],
  },
  {
    line: 'git clone failed using ghp_16C7e42F292c6912E7710c838347Ae178B4a on github.com',
    secrets: ['ghp_16C7e42F292c6912E7710c838347Ae178B4a'],
  },
  {
    line: 'Why does checkout fail for alice@shop.example and for card 5500-0000-0000-0004?',
    secrets: ['alice@shop.example', '5500-0000-0000-0004'],
  },
];

// Lines that carry nothing personal: they must reach the model unchanged.
const harmless = [
  '2026-12-07T14:05:12.345Z INFO GET /v1/orders 200 in 123 ms',
  'p95 latency 1.40 s, p99 4.2 s, error ratio 14.2% (was 0.2%)',
  'trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span=00f067aa0ba902b7 duration_ms=8123',
  'deploy v4.12.0 of orders at 14:02:33 by ci (build 20261207.3)',
  'order 1234567890123 shipped; 3 retries; queue depth 15000',
  'pod orders-7d9f8b6c5-x2kq9 OOMKilled after 512 MiB, restart count 40',
  'kafka offset 9876543210 lag 120000 on partition 7',
];

describe('personal data masking', () => {
  it.each(corpus)('masks $secrets', ({ line, secrets }) => {
    const masker = createPersonalDataMasker();
    const masked = masker.mask(line);
    for (const secret of secrets) expect(masked).not.toContain(secret);
    expect(masker.unmask(masked)).toBe(line);
  });

  it.each(harmless)('leaves %j unchanged', (line) => {
    expect(createPersonalDataMasker().mask(line)).toBe(line);
  });

  it('gives a value the same placeholder for the whole investigation, and distinct values distinct ones', () => {
    const masker = createPersonalDataMasker();
    const first = masker.mask('login failed for jane@example.com from 203.0.113.42');
    const second = masker.mask(
      'retry for JANE@example.com from 203.0.113.42, then bob@example.com',
    );
    expect(first).toBe('login failed for <EMAIL_1> from <IP_1>');
    expect(second).toBe('retry for <EMAIL_1> from <IP_1>, then <EMAIL_2>');
    expect(masker.counts()).toEqual({ EMAIL: 2, IP: 1 });
  });

  it('keeps separate investigations apart', () => {
    const a = createPersonalDataMasker();
    const b = createPersonalDataMasker();
    a.mask('x@example.com');
    expect(b.mask('y@example.com')).toBe('<EMAIL_1>');
    expect(b.unmask('<EMAIL_2>')).toBe('<EMAIL_2>');
  });
});
