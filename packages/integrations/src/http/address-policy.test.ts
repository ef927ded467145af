import { describe, expect, it } from 'vitest';
import { classifyAddress } from './address-policy.js';

describe('classifyAddress', () => {
  it.each([
    '169.254.169.254',
    '169.254.0.1',
    '100.100.100.200',
    '0.0.0.0',
    '0.1.2.3',
    '224.0.0.1',
    '255.255.255.255',
    'fe80::1',
    'fe80::abcd:1%eth0',
    'fd00:ec2::254',
    '::',
    'ff02::1',
    // IPv4 metadata reached through IPv6 forms of the same address.
    '::ffff:169.254.169.254',
    '::ffff:a9fe:a9fe',
    '64:ff9b::169.254.169.254',
    '::169.254.169.254',
    '168.63.129.16',
    'fec0::1',
  ])('always blocks %s (link-local, metadata, unspecified, multicast)', (address) => {
    expect(classifyAddress(address)).toBe('blocked');
  });

  it.each([
    '10.0.0.1',
    '10.255.255.255',
    '172.16.0.1',
    '172.31.255.254',
    '192.168.1.10',
    '127.0.0.1',
    '127.8.9.10',
    '100.64.0.1',
    '::1',
    'fc00::1',
    'fd12:3456::1',
    '::ffff:10.1.2.3',
    '::ffff:127.0.0.1',
    '198.18.0.1',
    '198.19.255.254',
    '64:ff9b:1::a00:1',
  ])('treats %s as private', (address) => {
    expect(classifyAddress(address)).toBe('private');
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '172.15.255.255',
    '192.169.0.1',
    '100.128.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
  ])('treats %s as public', (address) => {
    expect(classifyAddress(address)).toBe('public');
  });

  it('blocks anything that is not an IP address literal', () => {
    expect(classifyAddress('metadata.google.internal')).toBe('blocked');
    expect(classifyAddress('')).toBe('blocked');
  });
});
