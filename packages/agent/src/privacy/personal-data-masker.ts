/*
 * Personal data and credentials are masked in everything the model
 * provider receives: the question, tool results, log lines, earlier turns
 * of the conversation. Each distinct value gets a placeholder (<EMAIL_1>,
 * <IP_2>...) that stays the same for the whole investigation, so the model
 * can still correlate ("the same client <IP_1> fails on every request"), and
 * the model's answer is unmasked before anyone reads it: members see the
 * originals, the provider never does.
 */

export type PersonalDataKind = 'KEY' | 'TOKEN' | 'EMAIL' | 'CARD' | 'PHONE' | 'IP';

interface Pattern {
  kind: PersonalDataKind;
  pattern: RegExp;
  /** Extra check on a match (e.g. the Luhn checksum of a card number). */
  accept?: (value: string) => boolean;
  /** Group holding the value when the match carries a prefix that stays visible. */
  group?: number;
}

// Order matters: credentials first (they contain digits and '@'), IPs last.
const patterns: Pattern[] = [
  // Provider keys with a recognisable shape.
  {
    kind: 'KEY',
    pattern:
      /\b(?:sk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}|gsk_[A-Za-z0-9]{16,}|AKIA[0-9A-Z]{16}|ASIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|xox[abposr]-[A-Za-z0-9-]{10,}|AIza[A-Za-z0-9_-]{30,}|glpat-[A-Za-z0-9_-]{16,}|sk_(?:live|test)_[A-Za-z0-9]{16,}|rk_(?:live|test)_[A-Za-z0-9]{16,}|whsec_[A-Za-z0-9]{16,})\b/g,
  },
  // JSON Web Tokens.
  { kind: 'TOKEN', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g },
  // Authorization: Bearer <token> / Basic <credentials>.
  { kind: 'TOKEN', pattern: /\b(?:[Bb]earer|[Bb]asic)\s+([A-Za-z0-9._~+/=-]{8,})/g, group: 1 },
  // key=value and "key": "value" for credential-named fields.
  {
    kind: 'KEY',
    pattern:
      /\b[\w-]*(?:api[_-]?key|apikey|secret|token|password|passwd|pwd|access[_-]?key|private[_-]?key|client[_-]?secret|authorization)[\w-]*["']?\s*[:=]\s*["']?((?!<[A-Z]+_\d+>|(?:[Bb]earer|[Bb]asic)\b)[^\s"',;&}]{6,})/gi,
    group: 1,
  },
  // Email addresses.
  {
    kind: 'EMAIL',
    pattern: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g,
  },
  // Card-like numbers: 13 to 19 digits, maybe grouped, passing the Luhn check.
  {
    kind: 'CARD',
    pattern: /(?<![\d.:/-])\d(?:[ -]?\d){12,18}(?![\d.:/-])/g,
    accept: (value) => luhn(value.replace(/\D/g, '')),
  },
  // Phone numbers: international (+CC ...) or grouped national numbers.
  {
    kind: 'PHONE',
    pattern:
      /(?<![\w.:/+-])(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]?\d{2,4}){2,3}|\(\d{3}\)[ .-]?\d{3}[ .-]\d{4}|\d{3}[.-]\d{3}[.-]\d{4})(?![\w.:/-])/g,
  },
  // IPv4 (with an optional port left visible).
  {
    kind: 'IP',
    pattern:
      /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d.]*\d)/g,
  },
  // IPv6, full or compressed (clock times like 14:05:12 are not: too few groups, no hex letters).
  {
    kind: 'IP',
    pattern: /(?<![\w:])(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{1,4}(?![\w:])/g,
    accept: (value) =>
      value.includes('::') ||
      (value.split(':').length >= 4 && /[a-fA-F]/.test(value)) ||
      value.split(':').length >= 6,
  },
];

function luhn(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19 || /^(\d)\1+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

const PLACEHOLDER = /<(KEY|TOKEN|EMAIL|CARD|PHONE|IP)_(\d+)>/g;

export interface PersonalDataMasker {
  /** `text` with every personal value replaced by its placeholder. */
  mask(text: string): string;
  /** Placeholders put back to the values they stand for (unknown ones stay). */
  unmask(text: string): string;
  /** How many distinct values were masked so far, by kind. */
  counts(): Partial<Record<PersonalDataKind, number>>;
}

/** A masker for one investigation: one placeholder per distinct value, for its whole life. */
export function createPersonalDataMasker(): PersonalDataMasker {
  const byValue = new Map<string, string>();
  const byPlaceholder = new Map<string, string>();
  const next: Partial<Record<PersonalDataKind, number>> = {};

  const placeholderFor = (kind: PersonalDataKind, value: string): string => {
    const key = `${kind}\u0000${kind === 'EMAIL' ? value.toLowerCase() : value}`;
    let placeholder = byValue.get(key);
    if (!placeholder) {
      next[kind] = (next[kind] ?? 0) + 1;
      placeholder = `<${kind}_${next[kind]}>`;
      byValue.set(key, placeholder);
      byPlaceholder.set(placeholder, value);
    }
    return placeholder;
  };

  return {
    mask(text) {
      let out = text;
      for (const { kind, pattern, accept, group } of patterns) {
        out = out.replace(pattern, (match: string, ...rest: unknown[]) => {
          const value = group ? (rest[group - 1] as string | undefined) : match;
          if (!value || (accept && !accept(value))) return match;
          if (/^<[A-Z]+_\d+>$/.test(value)) return match;
          const placeholder = placeholderFor(kind, value);
          return group ? match.replace(value, placeholder) : placeholder;
        });
      }
      return out;
    },
    unmask(text) {
      return text.replace(
        PLACEHOLDER,
        (placeholder) => byPlaceholder.get(placeholder) ?? placeholder,
      );
    },
    counts: () => ({ ...next }),
  };
}
