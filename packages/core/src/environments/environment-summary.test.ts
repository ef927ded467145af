import { describe, expect, it } from 'vitest';
import {
  environmentNameSchema,
  isGitHubFullName,
  isValidBranchName,
} from './environment-summary.js';

describe('isGitHubFullName', () => {
  it.each([
    'acme/checkout-api',
    'a/b',
    'Acme-Corp/repo.name_2',
    'x1/.github',
    `${'a'.repeat(39)}/${'r'.repeat(100)}`,
  ])('accepts %s', (name) => {
    expect(isGitHubFullName(name)).toBe(true);
  });
  it.each([
    'acme',
    'acme/',
    '/repo',
    'acme/repo/extra',
    '-acme/repo',
    'acme-/repo',
    'ac--me/repo',
    `${'a'.repeat(40)}/repo`,
    `acme/${'r'.repeat(101)}`,
    'acme/..',
    'acme/.',
    'acme/re po',
    'ac me/repo',
    'https://github.com/acme/repo',
  ])('refuses %s', (name) => {
    expect(isGitHubFullName(name)).toBe(false);
  });
});

describe('isValidBranchName', () => {
  it.each(['main', 'release/2024-06', 'feature/JIRA-12_x', 'v1.2.3', 'user@x'])(
    'accepts %s',
    (branch) => {
      expect(isValidBranchName(branch)).toBe(true);
    },
  );
  it.each([
    '',
    'a b',
    'a..b',
    'a~1',
    'a^',
    'a:b',
    'a?',
    'a*',
    'a[',
    'a\\b',
    '/main',
    'main/',
    '.hidden',
    'main.',
    'x.lock',
    'a//b',
    'a@{1}',
    '@',
    'a/.b',
    'a\u0001',
    'x'.repeat(256),
  ])('refuses %j', (branch) => {
    expect(isValidBranchName(branch)).toBe(false);
  });
});

describe('environmentNameSchema', () => {
  it('trims and bounds names, refusing control characters', () => {
    expect(environmentNameSchema.parse('  production ')).toBe('production');
    expect(environmentNameSchema.safeParse('   ').error?.issues[0]?.message).toBe(
      'Enter an environment name.',
    );
    expect(environmentNameSchema.safeParse('x'.repeat(65)).error?.issues[0]?.message).toMatch(
      /at most 64/,
    );
    expect(environmentNameSchema.safeParse('prod\nuction').error?.issues[0]?.message).toMatch(
      /control characters/,
    );
  });
});
