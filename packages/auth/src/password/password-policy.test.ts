import { describe, expect, it } from 'vitest';
import { isAppError } from '@vibemonitor/contracts';
import { assertPasswordPolicy, checkPasswordPolicy } from './password-policy.js';

describe('checkPasswordPolicy', () => {
  it('accepts a long, uncommon password', () => {
    expect(checkPasswordPolicy('plum-otter-quarry-92')).toEqual({ ok: true });
    expect(checkPasswordPolicy('ünïcødé-pässwörd')).toEqual({ ok: true });
  });

  it('enforces length in characters, not bytes', () => {
    expect(checkPasswordPolicy('short1!')).toEqual({
      ok: false,
      message: 'Use at least 10 characters for your password.',
    });
    expect(checkPasswordPolicy('🔐'.repeat(9)).ok).toBe(false);
    expect(checkPasswordPolicy('🔐🦊🌵🎲🧪🪐🎯🧭🛶🪁').ok).toBe(true);
    expect(checkPasswordPolicy('x'.repeat(256)).ok).toBe(true);
    expect(checkPasswordPolicy('x'.repeat(257))).toEqual({
      ok: false,
      message: 'Use at most 256 characters for your password.',
    });
  });

  it.each([
    'password123',
    'qwertyuiop',
    '1234567890',
    'iloveyou12',
    'PassWord123',
    'QWERTYUIOP',
    'sunshine2024',
    'monkey123456',
  ])('rejects the common password %s', (password) => {
    const result = checkPasswordPolicy(password);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(/too common/);
  });

  it('rejects a common word stretched with digits and symbols only', () => {
    expect(checkPasswordPolicy('dragon19851212!!').ok).toBe(false);
    expect(checkPasswordPolicy('dragonfly-meadow').ok).toBe(true);
  });

  it('assertPasswordPolicy throws a VALIDATION_FAILED AppError', () => {
    try {
      assertPasswordPolicy('password123');
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('VALIDATION_FAILED');
    }
    expect(() => assertPasswordPolicy('plum-otter-quarry-92')).not.toThrow();
  });

  it('refuses whitespace-only passwords, the email, its local part and the name (ignoring case and spaces)', () => {
    const context = { email: 'ada.lovelace@example.com', name: 'Ada Lovelace Byron' };
    for (const password of [' '.repeat(12), '\t\n \u00a0'.repeat(4)]) {
      expect(checkPasswordPolicy(password, context)).toMatchObject({
        ok: false,
        message: expect.stringContaining('only spaces'),
      });
    }
    expect(checkPasswordPolicy('Ada.Lovelace@Example.com', context)).toMatchObject({
      ok: false,
      message: expect.stringContaining('email'),
    });
    expect(checkPasswordPolicy('ADA.LOVELACE', context)).toMatchObject({
      ok: false,
      message: expect.stringContaining('email'),
    });
    expect(checkPasswordPolicy('ada lovelace byron', context)).toMatchObject({
      ok: false,
      message: expect.stringContaining('name'),
    });
    // Containing them is allowed: only the exact guesses are refused.
    expect(checkPasswordPolicy('ada.lovelace and the analytical engine', context)).toEqual({
      ok: true,
    });
    expect(checkPasswordPolicy('a long, uncommon passphrase', context)).toEqual({ ok: true });
  });
});
