import { createInterface } from 'node:readline';
import { CliError, type Context } from '../context.js';

/** Reads a line from the terminal without echoing it. */
function promptHidden(context: Context, question: string): Promise<string> {
  const { stdin, stderr } = context.io;
  return new Promise((resolve, reject) => {
    stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003') return done(new CliError('Cancelled.', 130));
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.on('data', onData);
  });
}

function promptLine(context: Context, question: string): Promise<string> {
  const rl = createInterface({
    input: context.io.stdin,
    output: context.io.stderr,
    terminal: true,
  });
  return new Promise((resolve) =>
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer.trim());
    }),
  );
}

/** The first line of a piped stdin (`echo "$PASSWORD" | vibemonitor login --email me@x`). */
async function readStdinLine(context: Context): Promise<string> {
  let text = '';
  for await (const chunk of context.io.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

export async function login(
  context: Context,
  flags: { email?: string; token?: string },
): Promise<number> {
  const tty = context.io.stdin.isTTY === true;
  let token = flags.token?.trim();
  let email: string;
  if (token) {
    // A token pasted from the console: check it before storing it.
    const me = await context
      .client(token)
      .auth.me.query()
      .catch(() => {
        throw new CliError(
          `That token is not valid on ${context.server} (expired or signed out?).`,
        );
      });
    email = me.user.email;
  } else {
    email = flags.email ?? (tty ? await promptLine(context, 'Email: ') : '');
    if (!email)
      throw new CliError(
        'Give --email (the password is read from the terminal, or the first line of stdin), or --token from the console.',
        2,
      );
    const password = tty ? await promptHidden(context, 'Password: ') : await readStdinLine(context);
    if (!password) throw new CliError('No password given.', 2);
    token = (await context.client().auth.login.mutate({ email, password })).token;
  }
  const sameServer = context.config.server === context.server;
  await context.save({
    server: context.server,
    token,
    email,
    ...(sameServer && context.config.workspaceId
      ? { workspaceId: context.config.workspaceId }
      : {}),
  });
  if (context.json) context.out(JSON.stringify({ server: context.server, email }));
  else context.out(`Signed in to ${context.server} as ${context.style.bold(email)}.`);
  return 0;
}

export async function logout(context: Context): Promise<number> {
  const stored = context.config.server === context.server ? context.config.token : undefined;
  if (stored) {
    // End the session on the server too; an already expired one is fine.
    await context
      .client(stored)
      .auth.logout.mutate()
      .catch(() => undefined);
  }
  const { token: _token, ...rest } = context.config;
  await context.save(rest);
  if (context.json) context.out(JSON.stringify({ signedOut: Boolean(stored) }));
  else
    context.out(
      stored ? `Signed out of ${context.server}.` : `Not signed in to ${context.server}.`,
    );
  return 0;
}
