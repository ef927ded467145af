import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { AppError } from '@vibemonitor/contracts';
import type { ResolvedAddress, Resolver } from './http-options.js';

/** The system resolver (getaddrinfo, so /etc/hosts counts), every address. */
export const systemResolver: Resolver = async (hostname) => {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((answer) => ({
    address: answer.address,
    family: answer.family === 6 ? 6 : 4,
  }));
};

/** `[::1]` -> `::1`: URL keeps brackets around IPv6 literals. */
export function bareHostname(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/**
 * Every address `hostname` stands for: itself when it is an IP literal, else
 * what the resolver answers. Resolution failures become a plain-words
 * UNAVAILABLE error naming the host.
 */
export async function resolveHost(hostname: string, resolve: Resolver): Promise<ResolvedAddress[]> {
  const host = bareHostname(hostname);
  const family = isIP(host);
  if (family !== 0) return [{ address: host, family: family === 6 ? 6 : 4 }];
  let answers: ResolvedAddress[];
  try {
    answers = await resolve(host);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason = code === 'EAI_AGAIN' ? ' (the DNS server did not answer)' : '';
    throw new AppError('UNAVAILABLE', `Could not resolve host ${host}${reason}.`, {
      cause: 'dns',
      host,
    });
  }
  if (answers.length === 0) {
    throw new AppError('UNAVAILABLE', `Could not resolve host ${host}.`, { cause: 'dns', host });
  }
  return answers;
}
