/** Longest provider text shown to people (verify errors, investigation reports). */
export const MAX_PROVIDER_TEXT = 300;

const REDACTED = '[redacted]';

// A header or parameter whose name says it carries a credential, in any of the shapes
// error bodies echo them: "Authorization: Bearer x", "api-key=x", "\"x-api-key\": \"x\"".
const credentialField =
  /(["']?\b[\w-]*(?:authorization|api[-_]?key|token|secret|password|cookie|signature)[\w-]*["']?\s*[:=]\s*)(?:"[^"]*"|'[^']*'|(?:bearer|basic)\s+\S+|[^\s,;&"'}]+)/gi;
// Query parameters that carry credentials (Gemini takes its key as ?key=, signed URLs as ?sig=).
const credentialParam =
  /([?&](?:key|sig|code|[\w-]*(?:token|secret|password|signature))=)[^&\s#]+/gi;
const bearer = /\b(bearer|basic)\s+[\w.~+/=-]{6,}/gi;
// Key shapes of the providers we call, then anything long enough to be a token or signature.
const knownKey = /\b(?:sk-[\w-]{8,}|gsk_\w{8,}|AIza[\w-]{20,})/g;
const longToken = /\b[\w+/=-]{32,}/g;

/**
 * What a provider (or a server pretending to be one) said, made safe to show:
 * credential-looking headers, parameters and tokens are replaced by
 * "[redacted]", whitespace is collapsed, and the text is cut to
 * MAX_PROVIDER_TEXT characters. A hostile endpoint's error body must not be
 * able to fill a report or echo back the key it was sent.
 */
export function cleanProviderText(text: string, max = MAX_PROVIDER_TEXT): string {
  const clean = text
    .replace(credentialField, `$1${REDACTED}`)
    .replace(credentialParam, `$1${REDACTED}`)
    .replace(bearer, `$1 ${REDACTED}`)
    .replace(knownKey, REDACTED)
    .replace(longToken, REDACTED)
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > max ? `${clean.slice(0, max - 3)}...` : clean;
}
