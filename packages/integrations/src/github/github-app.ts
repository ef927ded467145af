import { App } from '@octokit/app';
import { Octokit } from '@octokit/core';
import { Webhooks } from '@octokit/webhooks';
import { AppError } from '@vibemonitor/contracts';

/** Settings of the GitHub App this deployment runs as. */
export interface GithubAppSettings {
  appId: string;
  /** PEM (PKCS#1 or PKCS#8); literal `\n` sequences are accepted, as env files often carry them. */
  privateKey: string;
  slug: string;
  webhookSecret: string;
  /** REST API root; defaults to https://api.github.com (GitHub Enterprise Server: https://HOST/api/v3). */
  apiUrl?: string | undefined;
  /**
   * The app's OAuth client, to check that the installing user can see an
   * installation ("Request user authorization (OAuth) during installation").
   */
  oauth?: { clientId: string; clientSecret: string } | undefined;
}

/** An installation as GitHub describes it (the fields we read). */
export interface GithubInstallationInfo {
  id: number;
  accountLogin: string;
  accountType: string;
  suspended: boolean;
  /** When the app was installed on the account. */
  createdAt: Date | null;
}

export interface GithubRepositoryInfo {
  fullName: string;
  defaultBranch: string;
  private: boolean;
}

/** One page of an installation's repositories. */
export interface GithubRepositoryPage {
  repositories: GithubRepositoryInfo[];
  totalCount: number;
  page: number;
  perPage: number;
  hasMore: boolean;
}

export interface GithubApp {
  readonly slug: string;
  /** The page where a user installs the app; `state` comes back on the setup redirect. */
  installUrl(state: string): string;
  /** The installation, or null when GitHub does not know it (deleted, or another app's). */
  getInstallation(installationId: number): Promise<GithubInstallationInfo | null>;
  /** True when the app has an OAuth client, so installs can be checked against the installing user. */
  readonly verifiesUsers: boolean;
  /**
   * Trades the user authorization `code` GitHub adds to the setup redirect for
   * a user token (kept only for this call) and says whether that user can see
   * the installation (`GET /user/installations`).
   */
  userCanSeeInstallation(code: string, installationId: number): Promise<boolean>;
  /** Uninstalls the app from the account; false when it was already gone. */
  deleteInstallation(installationId: number): Promise<boolean>;
  /** An Octokit authenticated as the installation (token minted or taken from the cache). */
  installationOctokit(installationId: number): Promise<Octokit>;
  listRepositories(
    installationId: number,
    options: { page: number; perPage: number },
  ): Promise<GithubRepositoryPage>;
  /**
   * Verifies a delivery's `X-Hub-Signature-256` over the raw body with
   * `@octokit/webhooks` and hands the parsed event to `handle`. Throws
   * AppError UNAUTHORIZED on a bad signature (before `handle` runs).
   */
  receiveWebhook(
    delivery: { id: string; name: string; signature: string; rawBody: string },
    handle: (event: { id: string; name: string; payload: unknown }) => Promise<void>,
  ): Promise<void>;
}

/** Tokens are renewed this long before GitHub says they expire (they last an hour). */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;

/** The web root matching an API root: api.github.com -> github.com; GHES https://host/api/v3 -> https://host. */
export function githubWebUrl(apiUrl: string | undefined): string {
  if (!apiUrl) return 'https://github.com';
  const url = new URL(apiUrl);
  if (url.hostname === 'api.github.com') return 'https://github.com';
  return `${url.origin}${url.pathname.replace(/\/api\/v3\/?$/, '').replace(/\/$/, '')}`;
}

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'status' in error
    ? Number((error as { status: unknown }).status)
    : undefined;
}

/** Maps Octokit failures to AppErrors with a sentence a user can act on. */
export function describeGithubError(error: unknown, what: string): AppError {
  const status = statusOf(error);
  if (status === 401)
    return new AppError('UNAVAILABLE', `GitHub refused the app's credentials while ${what}.`);
  if (status === 403)
    return new AppError('UNAVAILABLE', `GitHub denied access while ${what} (permissions or rate limit).`);
  if (status === 404) return new AppError('NOT_FOUND', `GitHub found nothing while ${what}.`);
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('UNAVAILABLE', `GitHub failed while ${what}: ${message}`);
}

/**
 * The GitHub App client on `@octokit/app`: app-JWT calls (installations),
 * installation tokens minted on demand and cached in this process's memory
 * only, until TOKEN_REFRESH_MARGIN_MS before they expire (they are never
 * written anywhere), and webhook verification.
 */
export function createGithubApp(
  settings: GithubAppSettings,
  options: { now?: () => number; refreshMarginMs?: number } = {},
): GithubApp {
  const baseUrl = (settings.apiUrl ?? 'https://api.github.com').replace(/\/$/, '');
  const now = options.now ?? Date.now;
  const margin = options.refreshMarginMs ?? TOKEN_REFRESH_MARGIN_MS;
  const BaseOctokit = Octokit.defaults({ baseUrl, userAgent: 'vibemonitor' });
  const app = new App({
    appId: settings.appId,
    privateKey: settings.privateKey.replace(/\\n/g, '\n'),
    webhooks: { secret: settings.webhookSecret },
    Octokit: BaseOctokit,
    ...(settings.oauth ? { oauth: settings.oauth } : {}),
  });
  const tokens = new Map<number, { token: string; expiresAt: number }>();
  const pending = new Map<number, Promise<{ token: string; expiresAt: number }>>();

  async function mint(installationId: number) {
    try {
      const { data } = await app.octokit.request(
        'POST /app/installations/{installation_id}/access_tokens',
        { installation_id: installationId },
      );
      const entry = { token: data.token, expiresAt: Date.parse(data.expires_at) };
      tokens.set(installationId, entry);
      return entry;
    } catch (error) {
      throw describeGithubError(error, `creating an access token for installation ${installationId}`);
    }
  }

  async function token(installationId: number): Promise<string> {
    const cached = tokens.get(installationId);
    if (cached && cached.expiresAt - margin > now()) return cached.token;
    // One mint per installation at a time, however many callers ask at once.
    let inFlight = pending.get(installationId);
    if (!inFlight) {
      inFlight = mint(installationId).finally(() => pending.delete(installationId));
      pending.set(installationId, inFlight);
    }
    return (await inFlight).token;
  }

  return {
    slug: settings.slug,
    installUrl(state) {
      const url = new URL(
        `${githubWebUrl(settings.apiUrl)}/apps/${encodeURIComponent(settings.slug)}/installations/new`,
      );
      url.searchParams.set('state', state);
      return url.toString();
    },
    async getInstallation(installationId) {
      try {
        const { data } = await app.octokit.request('GET /app/installations/{installation_id}', {
          installation_id: installationId,
        });
        const account = data.account as { login?: string; slug?: string } | null;
        return {
          id: data.id,
          accountLogin: account?.login ?? account?.slug ?? 'unknown',
          accountType: data.target_type,
          suspended: data.suspended_at !== null && data.suspended_at !== undefined,
          createdAt: data.created_at ? new Date(data.created_at) : null,
        };
      } catch (error) {
        if (statusOf(error) === 404) return null;
        throw describeGithubError(error, `looking up installation ${installationId}`);
      }
    },
    verifiesUsers: settings.oauth !== undefined,
    async userCanSeeInstallation(code, installationId) {
      if (!settings.oauth) return false;
      let userToken: string;
      try {
        const created = await app.oauth.createToken({ code });
        userToken = created.authentication.token;
      } catch (error) {
        // GitHub answers a bad, used or expired code with an OAuth error: the user is not verified.
        if (statusOf(error) === 400 || statusOf(error) === 401 || /code/i.test(String(error))) return false;
        throw describeGithubError(error, 'checking the installing user');
      }
      const user = new BaseOctokit({ auth: userToken });
      try {
        // A user sees at most a few installations of one app; three pages is plenty.
        for (let page = 1; page <= 3; page += 1) {
          const { data } = await user.request('GET /user/installations', { per_page: 100, page });
          if (data.installations.some((i) => i.id === installationId)) return true;
          if (page * 100 >= data.total_count) break;
        }
        return false;
      } catch (error) {
        throw describeGithubError(error, "listing the installing user's installations");
      }
    },
    async deleteInstallation(installationId) {
      tokens.delete(installationId);
      try {
        await app.octokit.request('DELETE /app/installations/{installation_id}', {
          installation_id: installationId,
        });
        return true;
      } catch (error) {
        if (statusOf(error) === 404) return false;
        throw describeGithubError(error, `uninstalling installation ${installationId}`);
      }
    },
    async installationOctokit(installationId) {
      return new BaseOctokit({ auth: await token(installationId) });
    },
    async listRepositories(installationId, { page, perPage }) {
      const octokit = await this.installationOctokit(installationId);
      try {
        const { data } = await octokit.request('GET /installation/repositories', {
          page,
          per_page: perPage,
        });
        return {
          repositories: data.repositories.map((r) => ({
            fullName: r.full_name,
            defaultBranch: r.default_branch,
            private: r.private,
          })),
          totalCount: data.total_count,
          page,
          perPage,
          hasMore: page * perPage < data.total_count,
        };
      } catch (error) {
        throw describeGithubError(error, 'listing the installation repositories');
      }
    },
    async receiveWebhook(delivery, handle) {
      // A receiver per delivery, so handlers never accumulate on a shared one.
      const webhooks = new Webhooks({ secret: settings.webhookSecret });
      let handled = false;
      webhooks.onAny(async (event) => {
        handled = true;
        await handle({ id: event.id, name: event.name, payload: event.payload });
      });
      try {
        await webhooks.verifyAndReceive({
          id: delivery.id,
          name: delivery.name,
          signature: delivery.signature,
          payload: delivery.rawBody,
        });
      } catch (error) {
        if (handled) {
          const inner = error instanceof AggregateError ? error.errors[0] : error;
          throw inner instanceof Error ? inner : new Error(String(inner));
        }
        const message = error instanceof Error ? error.message : String(error);
        if (/invalid json/i.test(message))
          throw new AppError('VALIDATION_FAILED', 'The webhook body is not JSON.');
        throw new AppError('UNAUTHORIZED', 'The webhook signature does not match.');
      }
    },
  };
}
