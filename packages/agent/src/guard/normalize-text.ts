/*
 * Undoes the cheap disguises an injection wears before the heuristics read
 * it: compatibility forms (fullwidth, ligatures, math letters), invisible
 * characters, look-alike letters from other scripts, letter-by-letter
 * spacing, URL and HTML encoding, and base64. Each function returns text to
 * scan; none of it is shown to anyone.
 */

// Zero-width and other format characters that split words invisibly, plus the
// soft hyphen. (Combining marks such as variation selectors go with the
// diacritics in foldText.)
// The zero-width joiner is an alternative of its own: in a class, lint reads it as joining its neighbours.
const INVISIBLE =
  /[\u00ad\u061c\u180e\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u206f\ufeff]|\u200d|\u115f|\u1160/g;

// Cyrillic, Greek and other letters that look like Latin ones (after NFKC).
const HOMOGLYPHS: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  һ: 'h',
  ӏ: 'l',
  ɡ: 'g',
  ɑ: 'a',
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  У: 'Y',
  Х: 'X',
  Ѕ: 'S',
  І: 'I',
  Ј: 'J',
  Ԁ: 'D',
  Һ: 'H',
  Ӏ: 'l',
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  γ: 'y',
  ω: 'w',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
  Ζ: 'Z',
  ı: 'i',
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ħ: 'h',
  ŀ: 'l',
};
const HOMOGLYPH_RE = new RegExp(`[${Object.keys(HOMOGLYPHS).join('')}]`, 'g');

// Digits and symbols standing for letters, only inside words that also have letters.
const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'l',
};

/** NFKC, invisible characters removed, diacritics dropped, look-alike letters folded to Latin. */
export function foldText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .normalize('NFD')
    .replace(/\p{Mn}+/gu, '')
    .normalize('NFC')
    .replace(HOMOGLYPH_RE, (c) => HOMOGLYPHS[c] ?? c);
}

/** Whether a word mixes Latin letters with look-alikes from another script (a homoglyph disguise). */
export function hasMixedScriptWord(text: string): boolean {
  for (const word of text.normalize('NFKC').split(/[^\p{L}]+/u)) {
    if (word.length < 3) continue;
    const latin = /\p{Script=Latin}/u.test(word);
    const other = /[\p{Script=Cyrillic}\p{Script=Greek}]/u.test(word);
    if (latin && other) return true;
  }
  return false;
}

/** Whether invisible characters sit between letters (a word split to slip past filters). */
export function hasInvisibleSplit(text: string): boolean {
  return /\p{L}(?:[\u00ad\u200b\u200c\u2060\ufeff]|\u200d)+\p{L}/u.test(text);
}

/**
 * Letter-by-letter spacing undone: "i g n o r e  a l l" -> "ignore all".
 * A run of single letters joined by one separator becomes a word; a wider
 * gap (two spaces, " / ") stays a word break.
 */
export function collapseSpacing(text: string): string {
  return text.replace(/(?<![\p{L}\p{N}])(?:\p{L}[ ._*\-|,]){2,}\p{L}(?![\p{L}\p{N}])/gu, (run) =>
    run.replace(/[ ._*\-|,]/g, ''),
  );
}

/** Digits and symbols used as letters ("1gn0re", "pr3v10us") read as letters. */
export function unLeet(text: string): string {
  return text.replace(/[\p{L}0-9@$!|]{3,}/gu, (word) => {
    if (!/\p{L}/u.test(word) || !/[0-9@$!|]/.test(word)) return word;
    // Status classes (5xx, 4XX) are not words in disguise.
    if (/^\dxx$/i.test(word)) return word;
    // A word that is mostly digits is a number, a version or an id (p95, 5xx, ec2, http2).
    const letters = word.replace(/[^\p{L}]/gu, '').length;
    if (letters < word.length / 2) return word;
    return word.replace(/[0-9@$!|]/g, (c) => LEET[c] ?? c);
  });
}

/** Every letter of the text, lowercased, nothing else: split and spaced words joined back. */
export function squash(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}]+/gu, '');
}

/** Percent-encoding and HTML character references decoded (best effort). */
export function decodeEscapes(text: string): string | undefined {
  let out = text;
  if (/%[0-9a-f]{2}/i.test(out)) {
    out = out.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
    out = out.replace(/\+(?=\S)/g, ' ');
  }
  if (/&#x?[0-9a-f]+;|&[a-z]+;/i.test(out)) {
    out = out
      .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => safeChar(parseInt(hex, 16)))
      .replace(/&#(\d+);/g, (_, dec: string) => safeChar(parseInt(dec, 10)))
      .replace(/&(lt|gt|amp|quot|apos|nbsp);/g, (_, name: string) => htmlNamed[name] ?? '');
  }
  return out === text ? undefined : out;
}

const htmlNamed: Record<string, string> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

function safeChar(code: number): string {
  return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
}

// Runs of base64 long enough to hold a sentence (16+ characters = 12+ bytes).
const BASE64_RUN = /[A-Za-z0-9+/_-]{16,}={0,2}/g;

/** Readable text hidden in base64 (standard or URL-safe) runs. */
export function decodedBase64Runs(text: string): string[] {
  const decoded: string[] = [];
  for (const match of text.matchAll(BASE64_RUN)) {
    const raw = match[0].replace(/-/g, '+').replace(/_/g, '/');
    if (raw.replace(/=+$/, '').length % 4 === 1) continue;
    // Plain words and identifiers (no digits, no case mix past the first letter) are not base64.
    if (/^[a-z]+$/.test(raw) || /^[A-Z][a-z]+$/.test(raw)) continue;
    const out = Buffer.from(raw, 'base64').toString('utf8');
    // Mostly printable text with spaces means it was words, not binary data or a hash.
    const printable = out.replace(/[^\x20-\x7e\n\t]/g, '').length;
    if (out.length >= 10 && printable / out.length > 0.9 && /\s/.test(out)) decoded.push(out);
    if (decoded.length >= 5) break;
  }
  return decoded;
}

/**
 * The readings of `text` the rules run on: as written, folded, folded with
 * spacing and leetspeak undone, and whatever URL, HTML or base64 encoding hid.
 */
export function readingsOf(text: string): string[] {
  const folded = foldText(text);
  const readings = new Set<string>([text, folded, unLeet(collapseSpacing(folded))]);
  const escaped = decodeEscapes(folded);
  if (escaped) {
    readings.add(escaped);
    readings.add(unLeet(collapseSpacing(foldText(escaped))));
  }
  for (const source of [text, escaped ?? '']) {
    for (const decoded of decodedBase64Runs(source)) {
      readings.add(decoded);
      readings.add(unLeet(collapseSpacing(foldText(decoded))));
    }
  }
  return [...readings];
}
