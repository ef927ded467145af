import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** What a SigV4 Authorization header says (and, once verified, that it is true). */
export interface SigV4Scope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

export function parseSigV4(authorization: string | undefined): SigV4Scope | null {
  const m = AUTH.exec(authorization ?? '');
  if (!m) return null;
  return {
    accessKeyId: m[1]!,
    date: m[2]!,
    region: m[3]!,
    service: m[4]!,
    signedHeaders: m[5]!.split(';'),
    signature: m[6]!,
  };
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) =>
  createHmac('sha256', key).update(data).digest();

function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * Recomputes a request's SigV4 signature from the secret key, independently
 * of the SDK (AWS's "Create a signed AWS API request" steps): canonical
 * request, string to sign, derived key. True when it equals the one sent.
 */
export function verifySigV4(input: {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  scope: SigV4Scope;
  secretAccessKey: string;
}): { ok: true } | { ok: false; reason: string } {
  const { scope, headers } = input;
  const amzDate = String(headers['x-amz-date'] ?? '');
  if (!amzDate.startsWith(scope.date))
    return { ok: false, reason: 'x-amz-date does not match the credential scope date' };
  if (!scope.signedHeaders.includes('host')) return { ok: false, reason: 'host is not signed' };
  const payloadHash = sha256(input.body);
  const declared = headers['x-amz-content-sha256'];
  if (declared !== undefined && declared !== payloadHash)
    return { ok: false, reason: 'x-amz-content-sha256 is not the hash of the body' };
  const canonicalHeaders = scope.signedHeaders
    .map((name) => {
      const value = headers[name];
      const text = Array.isArray(value) ? value.join(',') : (value ?? '');
      return `${name}:${text.trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
  const canonicalQuery = [...input.query.entries()]
    .map(([k, v]) => [encodeRfc3986(k), encodeRfc3986(v)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalPath = input.path
    .split('/')
    .map((segment) => encodeRfc3986(decodeURIComponent(segment)))
    .join('/');
  const canonicalRequest = [
    input.method,
    canonicalPath || '/',
    canonicalQuery,
    canonicalHeaders,
    scope.signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  const credentialScope = `${scope.date}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    credentialScope,
    sha256(canonicalRequest),
  ].join('\n');
  const key = hmac(
    hmac(hmac(hmac(`AWS4${input.secretAccessKey}`, scope.date), scope.region), scope.service),
    'aws4_request',
  );
  const expected = createHmac('sha256', key).update(stringToSign).digest();
  const sent = Buffer.from(scope.signature, 'hex');
  return sent.length === expected.length && timingSafeEqual(sent, expected)
    ? { ok: true }
    : { ok: false, reason: 'the signature does not match' };
}
