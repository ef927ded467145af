import { EventSource } from 'eventsource';
import { createClient, type VibeMonitorClient } from '@vibemonitor/sdk';
import { loadConfig, saveConfig, type CliConfig } from './config.js';
import type { CliEnv } from './env.js';
import { createStyle, type Style } from './style.js';

export const DEFAULT_SERVER = 'http://127.0.0.1:3000';

export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export interface Context {
  io: Io;
  env: CliEnv;
  config: CliConfig;
  /** The server in use: --server, else VIBEMONITOR_SERVER, else the signed-in one, else localhost. */
  server: string;
  /** The token for `server`: VIBEMONITOR_TOKEN, else the stored one when it was issued by this server. */
  token: string | undefined;
  json: boolean;
  style: Style;
  /** Err stream style (coloured when stderr is a TTY). */
  errStyle: Style;
  client(token?: string): VibeMonitorClient;
  /** A client with the session, or a CliError telling how to sign in. */
  authed(): VibeMonitorClient;
  save(config: CliConfig): Promise<void>;
  out(line?: string): void;
  err(line: string): void;
}

export async function createContext(
  io: Io,
  env: CliEnv,
  flags: { server?: string; json?: boolean },
): Promise<Context> {
  const config = await loadConfig(env.configDir);
  const server = (flags.server ?? env.server ?? config.server ?? DEFAULT_SERVER).replace(
    /\/+$/,
    '',
  );
  if (!/^https?:\/\//.test(server))
    throw new CliError(`--server must be an http(s) URL, got "${server}".`, 2);
  // Never send a stored token to another server than the one that issued it.
  const token = env.token ?? (config.server === server ? config.token : undefined);
  const colours = (stream: NodeJS.WriteStream) =>
    env.forceColor || (!env.noColor && stream.isTTY === true);
  const context: Context = {
    io,
    env,
    config,
    server,
    token,
    json: flags.json ?? false,
    style: createStyle(colours(io.stdout)),
    errStyle: createStyle(colours(io.stderr)),
    client: (t) => createClient({ url: server, token: t, EventSource }),
    authed() {
      if (!context.token)
        throw new CliError(
          `Not signed in to ${server}: run \`vibemonitor login\` (or set VIBEMONITOR_TOKEN).`,
        );
      return context.client(context.token);
    },
    async save(next) {
      context.config = next;
      await saveConfig(env.configDir, next);
    },
    out: (line = '') => void io.stdout.write(`${line}\n`),
    err: (line) => void io.stderr.write(`${line}\n`),
  };
  return context;
}

/**
 * The workspace a command acts on: --workspace (id or name, case-insensitive),
 * else the one chosen with `use` or `demo`, else the personal one.
 */
export async function resolveWorkspace(
  context: Context,
  wanted: string | undefined,
): Promise<{ id: string; name: string }> {
  const list = await context.authed().workspace.list.query();
  if (wanted) {
    const lower = wanted.toLowerCase();
    const match =
      list.find((w) => w.id === wanted) ?? list.filter((w) => w.name.toLowerCase() === lower)[0];
    if (!match) {
      const named = list.filter((w) => w.name.toLowerCase().includes(lower));
      if (named.length === 1) return named[0]!;
      throw new CliError(
        named.length > 1
          ? `"${wanted}" matches ${named.length} workspaces (${named.map((w) => w.name).join(', ')}): give its id.`
          : `No workspace "${wanted}". Yours: ${list.map((w) => w.name).join(', ')}.`,
      );
    }
    return match;
  }
  const chosen = context.config.workspaceId
    ? list.find((w) => w.id === context.config.workspaceId)
    : undefined;
  const fallback = chosen ?? list.find((w) => w.type === 'personal') ?? list[0];
  if (!fallback) throw new CliError('You belong to no workspace.');
  return fallback;
}
