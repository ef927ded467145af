import { readFileSync } from 'node:fs';

let commonPasswords: Set<string> | undefined;

function load(): Set<string> {
  const text = readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8');
  const entries = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));
  return new Set(entries);
}

/**
 * True when the password is on the shipped common-password list, or is such a
 * password followed only by digits and symbols ("dragon2024!!"): appending
 * digits is exactly how people stretch a weak password past a length rule.
 * Comparison is case-insensitive.
 */
export function isCommonPassword(password: string): boolean {
  commonPasswords ??= load();
  const lowered = password.toLowerCase();
  if (commonPasswords.has(lowered)) return true;
  const stem = lowered.replace(/[\d\W_]+$/u, '');
  return stem.length > 0 && stem !== lowered && commonPasswords.has(stem);
}
