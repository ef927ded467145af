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
});
