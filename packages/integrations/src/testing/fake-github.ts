import {
  createHash,
  generateKeyPairSync,
  randomBytes,
  verify as verifySignature,
} from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Webhooks } from '@octokit/webhooks';
import { sendJson, startLocalHttpServer, type RecordedRequest } from './local-http-server.js';

export interface FakeGithubCommit {
  sha: string;
  message: string;
  authorLogin: string;
  /** ISO time. */
  date: string;
  files?: Array<{
    filename: string;
    status?: string;
    additions?: number;
    deletions?: number;
    patch?: string;
  }>;
}

export interface FakeGithubPull {
  number: number;
  title: string;
  authorLogin: string;
  /** ISO time; null when closed without merging. */
  mergedAt: string | null;
  mergeCommitSha: string | null;
  baseRef?: string;
}

export interface FakeGithubRepository {
  fullName: string;
  defaultBranch?: string;
  private?: boolean;
  /** path -> content at every ref (keep it simple: one tree). */
  files?: Record<string, string>;
  /** Newest first, as GitHub lists them. */
  commits?: FakeGithubCommit[];
  pulls?: FakeGithubPull[];
}

export interface FakeGithubInstallation {
  id: number;
  accountLogin: string;
  accountType?: 'User' | 'Organization';
  suspended?: boolean;
  /** When the app was installed (default: when the fake learnt of it). */
  createdAt?: string;
  repositories: FakeGithubRepository[];
}

export interface FakeGithub {
  url: string;
  appId: string;
  /** The app's private key (PKCS#8 PEM), generated for this fake; only its public half is kept server-side. */
  privateKey: string;
  webhookSecret: string;
  /** The app's OAuth client (user authorization during installation). */
  clientId: string;
  clientSecret: string;
  requests: RecordedRequest[];
  /** Access tokens minted so far, oldest first. */
  mintedTokens: Array<{ installationId: number; token: string; expiresAt: string }>;
  /** Installations deleted through the API. */
  deleted: number[];
  /** How long minted tokens live (GitHub: one hour). */
  tokenLifetimeMs: number;
  addInstallation(installation: FakeGithubInstallation): void;
  /**
   * A user authorizing the app during installation: returns the one-time
   * `code` GitHub adds to the setup redirect; that user sees `installationIds`.
   */
  authorizeUser(login: string, installationIds: number[]): string;
  removeInstallation(id: number): void;
  /** Signs a webhook delivery body the way GitHub does (X-Hub-Signature-256). */
  sign(body: string): Promise<string>;
  close(): Promise<void>;
}

function base64urlJson(part: string): Record<string, unknown> | null {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

const NOT_FOUND = { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' };

/**
 * A local stand-in for the GitHub REST API parts this project calls, reached
 * through Octokit's `baseUrl`. App endpoints (`/app/installations/...`)
 * demand an RS256 app JWT that verifies against the public half of a key
 * pair generated here, names this app as `iss` and has not expired;
 * installation endpoints demand an access token minted by this fake and
 * still valid. Tokens expire after `tokenLifetimeMs`.
 */
export async function startFakeGithub({
  appId = '424242',
  webhookSecret = randomBytes(16).toString('hex'),
  installations = [],
  tokenLifetimeMs = 60 * 60_000,
}: {
  appId?: string;
  webhookSecret?: string;
  installations?: FakeGithubInstallation[];
  tokenLifetimeMs?: number;
} = {}): Promise<FakeGithub> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stamp = (i: FakeGithubInstallation) => ({
    ...i,
    createdAt: i.createdAt ?? new Date().toISOString(),
  });
  const byId = new Map<number, FakeGithubInstallation>(installations.map((i) => [i.id, stamp(i)]));
  const clientId = `Iv1.${randomBytes(8).toString('hex')}`;
  const clientSecret = randomBytes(20).toString('hex');
  const codes = new Map<string, { login: string; installationIds: number[] }>();
  const userTokens = new Map<string, { login: string; installationIds: number[] }>();
  const tokens = new Map<string, { installationId: number; expiresAt: number }>();
  const mintedTokens: FakeGithub['mintedTokens'] = [];
  const deleted: number[] = [];
  const webhooks = new Webhooks({ secret: webhookSecret });
  const state = { tokenLifetimeMs };

  const appJwtValid = (req: IncomingMessage): boolean => {
    const match = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/i.exec(req.headers.authorization ?? '');
    if (!match) return false;
    const [, header, body, signature] = match as unknown as [string, string, string, string];
    if (base64urlJson(header)?.alg !== 'RS256') return false;
    const ok = verifySignature(
      'RSA-SHA256',
      Buffer.from(`${header}.${body}`),
      publicKey,
      Buffer.from(signature, 'base64url'),
    );
    const claims = base64urlJson(body);
    const nowSeconds = Date.now() / 1000;
    return (
      ok &&
      claims !== null &&
      String(claims.iss) === appId &&
      typeof claims.exp === 'number' &&
      claims.exp > nowSeconds &&
      // GitHub refuses JWTs that live longer than ten minutes.
      typeof claims.iat === 'number' &&
      claims.exp - claims.iat <= 660
    );
  };

  const installationOf = (req: IncomingMessage): FakeGithubInstallation | null => {
    const match = /^(?:token|bearer) (\S+)$/i.exec(req.headers.authorization ?? '');
    const entry = match?.[1] ? tokens.get(match[1]) : undefined;
    if (!entry || entry.expiresAt <= Date.now()) return null;
    return byId.get(entry.installationId) ?? null;
  };

  const repoJson = (r: FakeGithubRepository) => ({
    id: Number.parseInt(createHash('sha1').update(r.fullName).digest('hex').slice(0, 8), 16),
    name: r.fullName.split('/')[1],
    full_name: r.fullName,
    private: r.private ?? true,
    default_branch: r.defaultBranch ?? 'main',
    owner: { login: r.fullName.split('/')[0] },
  });
  const installationJson = (i: FakeGithubInstallation) => ({
    id: i.id,
    account: { login: i.accountLogin, type: i.accountType ?? 'Organization' },
    target_type: i.accountType ?? 'Organization',
    app_id: Number(appId),
    suspended_at: i.suspended ? '2026-01-01T00:00:00Z' : null,
    created_at: i.createdAt,
    permissions: { contents: 'read', metadata: 'read', deployments: 'read', pull_requests: 'read' },
  });
  const commitJson = (c: FakeGithubCommit, withFiles: boolean) => ({
    sha: c.sha,
    commit: { message: c.message, author: { name: c.authorLogin, date: c.date } },
    author: { login: c.authorLogin },
    html_url: `https://github.example/commit/${c.sha}`,
    ...(withFiles
      ? {
          files: (c.files ?? []).map((f) => ({
            filename: f.filename,
            status: f.status ?? 'modified',
            additions: f.additions ?? 0,
            deletions: f.deletions ?? 0,
            changes: (f.additions ?? 0) + (f.deletions ?? 0),
            patch: f.patch,
          })),
        }
      : {}),
  });

  const unauthorized = (res: ServerResponse) =>
    sendJson(res, 401, {
      message: 'Bad credentials',
      documentation_url: 'https://docs.github.com/rest',
    });

  const server = await startLocalHttpServer(async (req, res, url) => {
    const method = req.method ?? 'GET';
    const path = url.pathname.replace(/\/+$/, '');
    const q = url.searchParams;

    // OAuth errors come back as 200 with an `error` field, as GitHub does.
    if (path === '/login/oauth/access_token' && method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      const body = (req.headers['content-type'] ?? '').includes('json')
        ? (JSON.parse(text || '{}') as Record<string, string>)
        : Object.fromEntries(new URLSearchParams(text));
      if (body.client_id !== clientId || body.client_secret !== clientSecret)
        return sendJson(res, 200, {
          error: 'incorrect_client_credentials',
          error_description: 'The client_id and/or client_secret passed are incorrect.',
        });
      const user = body.code ? codes.get(body.code) : undefined;
      if (!user || !body.code)
        return sendJson(res, 200, {
          error: 'bad_verification_code',
          error_description: 'The code passed is incorrect or expired.',
        });
      codes.delete(body.code);
      const token = `ghu_${randomBytes(18).toString('hex')}`;
      userTokens.set(token, user);
      return sendJson(res, 200, { access_token: token, token_type: 'bearer', scope: '' });
    }
    if (path === '/user/installations' && method === 'GET') {
      const match = /^(?:token|bearer) (\S+)$/i.exec(req.headers.authorization ?? '');
      const user = match?.[1] ? userTokens.get(match[1]) : undefined;
      if (!user) return unauthorized(res);
      const visible = user.installationIds.map((id) => byId.get(id)).filter((i) => i !== undefined);
      return sendJson(res, 200, {
        total_count: visible.length,
        installations: visible.map(installationJson),
      });
    }

    const appRoute = /^\/app\/installations\/(\d+)(\/access_tokens)?$/.exec(path);
    if (appRoute) {
      if (!appJwtValid(req)) return unauthorized(res);
      const installation = byId.get(Number(appRoute[1]));
      if (!installation) return sendJson(res, 404, NOT_FOUND);
      if (appRoute[2] && method === 'POST') {
        if (installation.suspended)
          return sendJson(res, 403, { message: 'This installation has been suspended' });
        const token = `ghs_${randomBytes(18).toString('hex')}`;
        const expiresAt = Date.now() + state.tokenLifetimeMs;
        tokens.set(token, { installationId: installation.id, expiresAt });
        const record = {
          installationId: installation.id,
          token,
          expiresAt: new Date(expiresAt).toISOString(),
        };
        mintedTokens.push(record);
        return sendJson(res, 201, { token, expires_at: record.expiresAt, permissions: {} });
      }
      if (!appRoute[2] && method === 'GET')
        return sendJson(res, 200, installationJson(installation));
      if (!appRoute[2] && method === 'DELETE') {
        byId.delete(installation.id);
        deleted.push(installation.id);
        res.writeHead(204).end();
        return;
      }
      return sendJson(res, 404, NOT_FOUND);
    }

    const installation = installationOf(req);
    if (!installation) return unauthorized(res);

    if (path === '/installation/repositories' && method === 'GET') {
      const perPage = Math.min(100, Number(q.get('per_page') ?? 30));
      const page = Math.max(1, Number(q.get('page') ?? 1));
      const all = installation.repositories;
      return sendJson(res, 200, {
        total_count: all.length,
        repositories: all.slice((page - 1) * perPage, page * perPage).map(repoJson),
      });
    }

    if (path === '/search/code' && method === 'GET') {
      const query = q.get('q') ?? '';
      const repoFilter = /repo:(\S+)/.exec(query)?.[1]?.toLowerCase();
      const terms = query
        .replace(/\b\w+:\S+/g, '')
        .trim()
        .toLowerCase();
      const items = installation.repositories
        .filter((r) => !repoFilter || r.fullName.toLowerCase() === repoFilter)
        .flatMap((r) =>
          Object.entries(r.files ?? {})
            .filter(([, content]) => terms === '' || content.toLowerCase().includes(terms))
            .map(([filePath]) => ({
              name: filePath.split('/').at(-1),
              path: filePath,
              sha: createHash('sha1').update(filePath).digest('hex'),
              repository: repoJson(r),
              html_url: `https://github.example/${r.fullName}/blob/main/${filePath}`,
            })),
        );
      return sendJson(res, 200, { total_count: items.length, incomplete_results: false, items });
    }

    const repoRoute =
      /^\/repos\/([^/]+)\/([^/]+)\/(contents|commits|compare|pulls)(?:\/(.+))?$/.exec(path);
    if (!repoRoute || method !== 'GET') return sendJson(res, 404, NOT_FOUND);
    const fullName = `${repoRoute[1]}/${repoRoute[2]}`.toLowerCase();
    const repo = installation.repositories.find((r) => r.fullName.toLowerCase() === fullName);
    if (!repo) return sendJson(res, 404, NOT_FOUND);
    const kind = repoRoute[3];
    const rest = repoRoute[4] ? decodeURIComponent(repoRoute[4]) : undefined;
    const commits = repo.commits ?? [];

    if (kind === 'contents' && rest) {
      const content = repo.files?.[rest];
      if (content === undefined) return sendJson(res, 404, NOT_FOUND);
      return sendJson(res, 200, {
        type: 'file',
        encoding: 'base64',
        path: rest,
        name: rest.split('/').at(-1),
        size: Buffer.byteLength(content),
        sha: createHash('sha1').update(content).digest('hex'),
        content: Buffer.from(content).toString('base64'),
      });
    }
    if (kind === 'commits' && rest) {
      const commit = commits.find((c) => c.sha === rest || c.sha.startsWith(rest));
      if (!commit) return sendJson(res, 422, { message: `No commit found for SHA: ${rest}` });
      return sendJson(res, 200, commitJson(commit, true));
    }
    if (kind === 'commits') {
      const since = q.get('since') ? Date.parse(q.get('since')!) : -Infinity;
      const until = q.get('until') ? Date.parse(q.get('until')!) : Infinity;
      const perPage = Math.min(100, Number(q.get('per_page') ?? 30));
      return sendJson(
        res,
        200,
        commits
          .filter((c) => Date.parse(c.date) >= since && Date.parse(c.date) <= until)
          .slice(0, perPage)
          .map((c) => commitJson(c, false)),
      );
    }
    if (kind === 'compare' && rest) {
      const [base, head] = rest.split('...');
      const indexOf = (ref: string | undefined) =>
        commits.findIndex((c) => ref !== undefined && (c.sha === ref || c.sha.startsWith(ref)));
      const baseIndex = indexOf(base);
      const headIndex = indexOf(head);
      if (baseIndex < 0 || headIndex < 0) return sendJson(res, 404, NOT_FOUND);
      // Newest first: the commits after base up to head.
      const between = commits.slice(headIndex, baseIndex).reverse();
      return sendJson(res, 200, {
        status: between.length > 0 ? 'ahead' : 'identical',
        ahead_by: between.length,
        behind_by: 0,
        total_commits: between.length,
        commits: between.map((c) => commitJson(c, false)),
        files: between.flatMap((c) => commitJson(c, true).files ?? []),
      });
    }
    if (kind === 'pulls' && !rest) {
      const wanted = q.get('state') ?? 'open';
      const pulls = (repo.pulls ?? []).filter((p) =>
        wanted === 'all' ? true : wanted === 'closed' ? p.mergedAt !== null : false,
      );
      return sendJson(
        res,
        200,
        pulls.map((p) => ({
          number: p.number,
          title: p.title,
          state: 'closed',
          user: { login: p.authorLogin },
          merged_at: p.mergedAt,
          closed_at: p.mergedAt,
          updated_at: p.mergedAt,
          merge_commit_sha: p.mergeCommitSha,
          base: { ref: p.baseRef ?? repo.defaultBranch ?? 'main' },
          html_url: `https://github.example/${repo.fullName}/pull/${p.number}`,
        })),
      );
    }
    return sendJson(res, 404, NOT_FOUND);
  });

  return {
    url: server.url,
    appId,
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    webhookSecret,
    clientId,
    clientSecret,
    requests: server.requests,
    mintedTokens,
    deleted,
    get tokenLifetimeMs() {
      return state.tokenLifetimeMs;
    },
    set tokenLifetimeMs(value: number) {
      state.tokenLifetimeMs = value;
    },
    addInstallation: (installation) => void byId.set(installation.id, stamp(installation)),
    authorizeUser(login, installationIds) {
      const code = randomBytes(10).toString('hex');
      codes.set(code, { login, installationIds });
      return code;
    },
    removeInstallation: (id) => void byId.delete(id),
    sign: (body) => webhooks.sign(body),
    close: () => server.close(),
  };
}
