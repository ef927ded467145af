import { describe, expect, it } from 'vitest';
import { extractMessage } from './message.js';
import { maskLine, maskToken } from './mask.js';

describe('maskToken', () => {
  it.each([
    ['12345', '<*>'],
    ['-42', '<*>'],
    ['3.14159', '<*>'],
    ['0x7f3a', '<*>'],
    ['deadbeef42', '<*>'],
    ['10.251.30.6', '<*>'],
    ['10.251.30.6:50010', '<*>'],
    ['fe80::1ff:fe23:4567:890a', '<*>'],
    ['2001:db8::1', '<*>'],
    ['::1', '<*>'],
    ['123e4567-e89b-42d3-a456-426614174000', '<*>'],
    ['/var/log/app/server.log', '<*>'],
    ['C:\\Windows\\system32', '<*>'],
    ['12ms', '<*>'],
    ['1.5s', '<*>'],
    ['250µs', '<*>'],
    ['64MB', '<*>'],
    ['97%', '<*>'],
    ['ops@example.com', '<*>'],
    ['https://api.example.com/v1/orders?id=7', '<*>'],
    ['2024-06-03T14:00:00.123Z', '<*>'],
    ['14:02:33', '<*>'],
    // Ids of words and numbers joined by `_`: the words are part of the id.
    ['blk_-6952295868487656571', '<*>'],
    ['rdd_42_3', '<*>'],
    ['broadcast_9_piece0', '<*>'],
    // Host names, dates spelled with words, empty values, hex ids without a digit.
    ['proxy.cse.cuhk.edu.hk:5070', '<*>'],
    ['n219076184117.netvigator.com', '<*>'],
    ['Sun', '<*>'],
    ['JUL', '<*>'],
    ['()', '(<*>)'],
    ['ffffffff', '<*>'],
    ['nodes/cn304/pkts_out.rrd', '<*>'],
  ])('masks %s whole', (token, expected) => {
    expect(maskToken(token)).toBe(expected);
  });

  it.each([
    ['part-00590.', 'part-<*>.'],
    ['sshd[24200]:', 'sshd[<*>]:'],
    ['status=500', 'status=<*>'],
    ['duration=12ms', 'duration=<*>'],
    ['(12ms)', '(<*>)'],
    ['[10.0.0.1]', '[<*>]'],
    ["'ord_8f2k1'", "'<*>'"],
    ['"u-12"', '"<*>"'],
    ['/10.251.42.84', '<*>'],
    ['10.251.30.85:50010:Got', '<*>:Got'],
    ['policy=3,wksummary=0x23,mode=false', 'policy=<*>,wksummary=<*>,mode=false'],
    ['Token{78af589', 'Token{<*>'],
    [
      'IOThunderboltSwitch<0>(0x0)::listenerCallback',
      'IOThunderboltSwitch<<*>>(<*>)::listenerCallback',
    ],
  ])('masks the variable part of %s', (token, expected) => {
    expect(maskToken(token)).toBe(expected);
  });

  it.each([
    'ERROR',
    'ipv4',
    'sha256',
    'E11',
    'connection',
    'HTTP',
    'user=root',
    'a:b',
    'face',
    '"ready"',
  ])('keeps %s', (token) => {
    expect(maskToken(token)).toBe(token);
  });

  it('masks a whole line token by token and collapses whitespace', () => {
    expect(maskLine('Received block blk_123 of size 67108864 from /10.251.42.84')).toBe(
      'Received block <*> of size <*> from <*>',
    );
    expect(maskLine('  GET\t/api/orders/17  took 35ms ')).toBe('GET <*> took <*>');
  });
});

describe('extractMessage', () => {
  it('keeps level and message of a JSON line and drops ids', () => {
    const line = JSON.stringify({
      ts: '2024-06-03T14:00:00Z',
      level: 'error',
      msg: 'upstream timed out',
      request_id: 'abc',
    });
    expect(extractMessage(line)).toBe('error upstream timed out');
  });

  it('passes plain lines, broken JSON and JSON without a message through', () => {
    expect(extractMessage('plain line')).toBe('plain line');
    expect(extractMessage('{not json')).toBe('{not json');
    expect(extractMessage('{"a":1}')).toBe('{"a":1}');
    expect(extractMessage('[1,2]')).toBe('[1,2]');
  });
});

describe('logfmt message keys', () => {
  it('keeps the words of msg="..." and error="..." but masks other quoted values', () => {
    const masked = maskLine(
      'ts=2026-01-01T10:00:00Z level=error msg="getaddrinfo ENOTFOUND keys" user="alice b"',
    );
    expect(masked).toContain('ENOTFOUND');
    expect(masked).not.toContain('alice');
    expect(maskLine('error="connection refused"')).toContain('refused');
  });
});
