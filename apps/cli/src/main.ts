import { parseArgs } from 'node:util';
import { TRPCClientError } from '@vibemonitor/sdk';
import { ask } from './commands/ask.js';
import { integrations } from './commands/integrations.js';
import { login, logout } from './commands/login.js';
import { sessions } from './commands/sessions.js';
import { demo, use, workspaces } from './commands/workspaces.js';
import { CliError, createContext, DEFAULT_SERVER, type Io } from './context.js';
import { readCliEnv } from './env.js';

export const HELP = `vibemonitor: ask VibeMonitor why production misbehaves, from the terminal.

Usage: vibemonitor <command> [options]

Commands:
  login [--email E] [--token T]   sign in (password from the terminal or stdin's first line, or a token from the console)
  logout                          end the session and forget the token
  workspaces                      list your workspaces (* = the one in use)
  use <workspace>                 use a workspace (name or id) by default
  demo                            open the demo workspace (simulated data) and use it
  ask "<question>"                investigate, streaming the steps, then the report
      [--workspace W] [--env E] [--session S]   (--session continues a conversation)
  sessions [--workspace W] [--limit N]
  integrations [--workspace W]

Options:
  --server URL   server (default: VIBEMONITOR_SERVER, the one you signed in to, or ${DEFAULT_SERVER})
  --json         machine-readable output
  -h, --help     this help

The token is stored in $XDG_CONFIG_HOME/vibemonitor/config.json (mode 0600); VIBEMONITOR_TOKEN overrides it.`;

const options = {
  server: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  email: { type: 'string' },
  token: { type: 'string' },
  workspace: { type: 'string', short: 'w' },
  env: { type: 'string', short: 'e' },
  session: { type: 'string', short: 's' },
  limit: { type: 'string' },
} as const;

const defaultIo: Io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };

/** Runs one command; returns the exit code (0 ok, 1 failure, 2 usage, 130 cancelled). */
export async function run(argv: string[], io: Io = defaultIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command || command === 'help') {
    io.stdout.write(`${HELP}\n`);
    return command || values.help ? 0 : 2;
  }
  try {
    const context = await createContext(io, readCliEnv(), {
      server: values.server,
      json: values.json,
    });
    const only = (count: number, usage: string) => {
      if (rest.length !== count) throw new CliError(`Usage: vibemonitor ${usage}`, 2);
    };
    switch (command) {
      case 'login':
        only(0, 'login [--email E] [--token T]');
        return await login(context, { email: values.email, token: values.token });
      case 'logout':
        only(0, 'logout');
        return await logout(context);
      case 'workspaces':
        only(0, 'workspaces');
        return await workspaces(context);
      case 'use':
        only(1, 'use <workspace>');
        return await use(context, rest[0]!);
      case 'demo':
        only(0, 'demo');
        return await demo(context);
      case 'ask': {
        const question = rest.join(' ').trim();
        if (!question)
          throw new CliError(
            'Usage: vibemonitor ask "<question>" [--workspace W] [--env E] [--session S]',
            2,
          );
        return await ask(context, question, {
          workspace: values.workspace,
          env: values.env,
          session: values.session,
        });
      }
      case 'sessions': {
        only(0, 'sessions [--workspace W] [--limit N]');
        const limit = values.limit === undefined ? undefined : Number(values.limit);
        if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 100))
          throw new CliError('--limit is a whole number from 1 to 100.', 2);
        return await sessions(context, { workspace: values.workspace, limit });
      }
      case 'integrations':
        only(0, 'integrations [--workspace W]');
        return await integrations(context, { workspace: values.workspace });
      default:
        throw new CliError(`Unknown command "${command}".\n\n${HELP}`, 2);
    }
  } catch (error) {
    return report(io, error);
  }
}

function report(io: Io, error: unknown): number {
  if (error instanceof CliError) {
    io.stderr.write(`vibemonitor: ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof TRPCClientError) {
    const cause = (error as { cause?: { code?: string } }).cause;
    const message =
      cause?.code === 'ECONNREFUSED' || /fetch failed/.test(error.message)
        ? 'cannot reach the server (is it running? see --server)'
        : error.message;
    io.stderr.write(`vibemonitor: ${message}\n`);
    return 1;
  }
  io.stderr.write(`vibemonitor: ${error instanceof Error ? error.message : String(error)}\n`);
  return 1;
}
