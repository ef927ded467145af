import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { headerSafe, isSafeText, text } from './text.js';

describe('text()', () => {
  it('refuses NUL and lone surrogates with a message the path names', () => {
    const schema = z.object({ name: text().trim().min(1) });
    const result = schema.safeParse({ name: 'Eve\u0000' });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['name'], message: expect.stringContaining('NUL') }),
    ]);
    expect(schema.safeParse({ name: '\uDC00x' }).success).toBe(false);
    expect(schema.safeParse({ name: ' Zoë 🚀 ' })).toEqual({
      success: true,
      data: { name: 'Zoë 🚀' },
    });
  });

  it('isSafeText accepts paired surrogates and refuses reversed ones', () => {
    expect(isSafeText('\uD83D\uDE80')).toBe(true);
    expect(isSafeText('\uDE80\uD83D')).toBe(false);
  });
});

describe('headerSafe()', () => {
  it('replaces CR, LF, other controls and line separators with one space', () => {
    expect(headerSafe('Eve\r\nBcc: x@example.com')).toBe('Eve Bcc: x@example.com');
    expect(headerSafe('a\u0000\u0007\u0085b\u2028c\u2029d\u007f')).toBe('a b c d');
    expect(headerSafe('  plain subject  ')).toBe('plain subject');
  });
});
