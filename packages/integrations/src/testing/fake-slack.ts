import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  bearerOf,
  sendJson,
  startLocalHttpServer,
  type LocalHttpServer,
} from './local-http-server.js';

/** A person (or bot) in a fake Slack team. */
export interface FakeSlackUser {
  id: string;
  name: string;
  email?: string;
  /** Slack's `is_email_confirmed`; default true. */
  emailConfirmed?: boolean;
  isBot?: boolean;
}

export interface FakeSlackTeam {
  id: string;
  name: string;
  botUserId: string;
  users: FakeSlackUser[];
}

/** A message as the fake stores it, with every version chat.update wrote. */
export interface FakeSlackMessage {
  channel: string;
  ts: string;
  threadTs: string | undefined;
  text: string;
  blocks: unknown[];
  /** Texts of previous versions, oldest first. */
  history: string[];
  teamId: string;
  /** Who posted it: the bot's user id for messages sent with a bot token. */
  user: string;
}

export interface FakeSlack extends LocalHttpServer {
  /** Base URL for WebClient's `slackApiUrl` (ends with `/api/`). */
  apiUrl: string;
  teams: Map<string, FakeSlackTeam>;
  messages: FakeSlackMessage[];
  views: Array<{ teamId: string; triggerId: string; view: Record<string, unknown> }>;
  /** Tokens revoked with auth.revoke. */
  revoked: string[];
  /** Calls received, by method name, in order. */
  calls: Array<{ method: string; params: Record<string, unknown> }>;
  addTeam(team: FakeSlackTeam): void;
  /** A one-time code that `oauth.v2.access` trades for a bot token of `teamId`. */
  issueCode(teamId: string): string;
  /** The bot token issued for a team (after an install). */
  tokenOf(teamId: string): string | undefined;
  /** Answers the next `count` calls of `method` with 429 and `Retry-After: retryAfterSeconds`. */
  rateLimit(method: string, count: number, retryAfterSeconds: number): void;
  /** Answers every call of `method` with `{ ok: false, error }` until cleared with undefined. */
  failMethod(method: string, error: string | undefined): void;
  /** Stores a message a person posted (what an event announces), so conversations.replies returns it. */
  recordMessage(message: {
    teamId: string;
    channel: string;
    ts: string;
    threadTs?: string;
    text: string;
    user: string;
  }): void;
  /** Messages of one thread (root and replies), oldest first. */
  thread(channel: string, ts: string): FakeSlackMessage[];
}

async function readParams(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  }
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) params[key] = value;
  return params;
}

/** WebClient sends objects (blocks, view) form-encoded as JSON strings. */
function jsonParam(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * A local server speaking the slice of Slack's Web API the bot uses
 * (`oauth.v2.access`, `auth.test`, `auth.revoke`, `chat.postMessage`,
 * `chat.update`, `conversations.replies`, `users.info`, `views.open`):
 * bearer tokens, `{ ok: false, error }` envelopes with HTTP 200, and 429
 * with `Retry-After` when told to rate-limit a method.
 */
export async function startFakeSlack(options: {
  clientId: string;
  clientSecret: string;
}): Promise<FakeSlack> {
  const teams = new Map<string, FakeSlackTeam>();
  const codes = new Map<string, string>();
  const tokens = new Map<string, string>();
  const revoked: string[] = [];
  const messages: FakeSlackMessage[] = [];
  const views: FakeSlack['views'] = [];
  const calls: FakeSlack['calls'] = [];
  const limits = new Map<string, { count: number; retryAfter: number }>();
  const failures = new Map<string, string>();
  let lastMicros = 0;

  /** Slack's ts: seconds.microseconds of the post, unique and increasing. */
  const nextTs = () => {
    lastMicros = Math.max(Date.now() * 1000, lastMicros + 1);
    return `${Math.floor(lastMicros / 1_000_000)}.${String(lastMicros % 1_000_000).padStart(6, '0')}`;
  };
  const teamOfToken = (req: IncomingMessage, params: Record<string, unknown>) => {
    const token = bearerOf(req) ?? (typeof params.token === 'string' ? params.token : undefined);
    if (!token || revoked.includes(token)) return undefined;
    const teamId = tokens.get(token);
    return teamId ? { teamId, token } : undefined;
  };

  const server = await startLocalHttpServer(async (req, res, url) => {
    const method = url.pathname.replace(/^\/api\//, '');
    const params = await readParams(req);
    calls.push({ method, params });
    const limit = limits.get(method);
    if (limit && limit.count > 0) {
      limit.count--;
      res.writeHead(429, {
        'retry-after': String(limit.retryAfter),
        'content-type': 'application/json',
      });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    const failure = failures.get(method);
    if (failure) return sendJson(res, 200, { ok: false, error: failure });

    if (method === 'oauth.v2.access') {
      const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const [basicId, basicSecret] = basic
        ? Buffer.from(basic, 'base64').toString().split(':')
        : [];
      const clientId = params.client_id ?? basicId;
      const clientSecret = params.client_secret ?? basicSecret;
      if (clientId !== options.clientId || clientSecret !== options.clientSecret) {
        return sendJson(res, 200, { ok: false, error: 'invalid_client_id' });
      }
      const teamId = typeof params.code === 'string' ? codes.get(params.code) : undefined;
      if (!teamId) return sendJson(res, 200, { ok: false, error: 'invalid_code' });
      codes.delete(params.code as string);
      const team = teams.get(teamId);
      if (!team) return sendJson(res, 200, { ok: false, error: 'invalid_code' });
      const token = `xoxb-${team.id}-${randomBytes(8).toString('hex')}`;
      tokens.set(token, team.id);
      return sendJson(res, 200, {
        ok: true,
        access_token: token,
        token_type: 'bot',
        scope: 'app_mentions:read,chat:write',
        bot_user_id: team.botUserId,
        app_id: 'A0FAKE',
        team: { id: team.id, name: team.name },
        enterprise: null,
        authed_user: { id: team.users[0]?.id ?? 'U0' },
      });
    }

    const auth = teamOfToken(req, params);
    if (!auth) return sendJson(res, 200, { ok: false, error: 'invalid_auth' });
    const team = teams.get(auth.teamId)!;

    switch (method) {
      case 'auth.test':
        return sendJson(res, 200, {
          ok: true,
          team: team.name,
          team_id: team.id,
          user_id: team.botUserId,
          bot_id: `B${team.botUserId}`,
        });
      case 'auth.revoke':
        revoked.push(auth.token);
        return sendJson(res, 200, { ok: true, revoked: true });
      case 'chat.postMessage': {
        const channel = String(params.channel ?? '');
        if (!channel) return sendJson(res, 200, { ok: false, error: 'channel_not_found' });
        const message: FakeSlackMessage = {
          channel,
          ts: nextTs(),
          threadTs: typeof params.thread_ts === 'string' ? params.thread_ts : undefined,
          text: String(params.text ?? ''),
          blocks: (jsonParam(params.blocks) as unknown[] | undefined) ?? [],
          history: [],
          teamId: team.id,
          user: team.botUserId,
        };
        if (message.blocks.length > 50)
          return sendJson(res, 200, { ok: false, error: 'invalid_blocks' });
        messages.push(message);
        return sendJson(res, 200, {
          ok: true,
          channel,
          ts: message.ts,
          message: { text: message.text },
        });
      }
      case 'chat.update': {
        const message = messages.find(
          (m) => m.channel === params.channel && m.ts === params.ts && m.teamId === team.id,
        );
        if (!message) return sendJson(res, 200, { ok: false, error: 'message_not_found' });
        message.history.push(message.text);
        message.text = String(params.text ?? '');
        message.blocks = (jsonParam(params.blocks) as unknown[] | undefined) ?? [];
        return sendJson(res, 200, { ok: true, channel: message.channel, ts: message.ts });
      }
      case 'conversations.replies': {
        const thread = messages.filter(
          (m) =>
            m.teamId === team.id &&
            m.channel === params.channel &&
            (m.ts === params.ts || m.threadTs === params.ts),
        );
        return sendJson(res, 200, {
          ok: true,
          messages: thread
            .sort((a, b) => Number(a.ts) - Number(b.ts))
            .map((m) => ({
              type: 'message',
              user: m.user,
              ts: m.ts,
              thread_ts: m.threadTs,
              text: m.text,
            })),
          has_more: false,
        });
      }
      case 'users.info': {
        const user = team.users.find((u) => u.id === params.user);
        if (!user) return sendJson(res, 200, { ok: false, error: 'user_not_found' });
        return sendJson(res, 200, {
          ok: true,
          user: {
            id: user.id,
            team_id: team.id,
            name: user.name,
            is_bot: user.isBot ?? false,
            is_email_confirmed: user.emailConfirmed ?? true,
            profile: { real_name: user.name, ...(user.email ? { email: user.email } : {}) },
          },
        });
      }
      case 'views.open': {
        const triggerId = String(params.trigger_id ?? '');
        if (!triggerId) return sendJson(res, 200, { ok: false, error: 'invalid_trigger_id' });
        views.push({
          teamId: team.id,
          triggerId,
          view: jsonParam(params.view) as Record<string, unknown>,
        });
        return sendJson(res, 200, { ok: true, view: { id: `V${views.length}` } });
      }
      default:
        return sendJson(res, 200, { ok: false, error: 'unknown_method' });
    }
  });

  return {
    ...server,
    apiUrl: `${server.url}/api/`,
    teams,
    messages,
    views,
    revoked,
    calls,
    addTeam: (team) => teams.set(team.id, team),
    issueCode(teamId) {
      const code = `code-${randomBytes(6).toString('hex')}`;
      codes.set(code, teamId);
      return code;
    },
    tokenOf: (teamId) => [...tokens].find(([, id]) => id === teamId)?.[0],
    rateLimit: (method, count, retryAfter) => limits.set(method, { count, retryAfter }),
    failMethod: (method, error) => (error ? failures.set(method, error) : failures.delete(method)),
    recordMessage: (m) => messages.push({ ...m, threadTs: m.threadTs, blocks: [], history: [] }),
    thread: (channel, ts) =>
      messages.filter((m) => m.channel === channel && (m.ts === ts || m.threadTs === ts)),
  };
}
