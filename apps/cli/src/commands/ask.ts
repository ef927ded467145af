import {
  isTerminalRcaEvent,
  TRPCClientError,
  type RcaEvent,
  type TurnStreamItem,
} from '@vibemonitor/sdk';
import { CliError, resolveWorkspace, type Context } from '../context.js';
import { renderEvent, renderReport } from '../render.js';

export interface AskFlags {
  workspace?: string;
  env?: string;
  session?: string;
}

/**
 * Asks a question and follows the investigation live: each step as it
 * arrives, then the report. `--json` prints one JSON document at the end
 * (the events, the report, the usage) for scripts. Ctrl-C cancels the turn.
 */
export async function ask(context: Context, question: string, flags: AskFlags): Promise<number> {
  const client = context.authed();
  const workspace = await resolveWorkspace(context, flags.workspace);
  let environmentId: string | undefined;
  if (flags.env) {
    const environments = await client.environment.list.query({ workspaceId: workspace.id });
    const match = environments.find(
      (e) => e.id === flags.env || e.name.toLowerCase() === flags.env!.toLowerCase(),
    );
    if (!match)
      throw new CliError(
        `No environment "${flags.env}" in ${workspace.name}. Its environments: ${environments.map((e) => e.name).join(', ') || 'none'}.`,
      );
    environmentId = match.id;
  }
  const { sessionId, turnId } = await client.chat.send.mutate({
    workspaceId: workspace.id,
    message: question,
    ...(flags.session ? { sessionId: flags.session } : {}),
    ...(environmentId ? { environmentId } : {}),
  });
  const s = context.style;
  if (!context.json) context.out(s.dim(`${workspace.name} · session ${sessionId}`));

  const events: RcaEvent[] = [];
  const last = await new Promise<RcaEvent | undefined>((resolve, reject) => {
    let finished = false;
    const onSigint = () => {
      if (!context.json) context.err('Cancelling…');
      client.chat.turns.cancel.mutate({ workspaceId: workspace.id, turnId }).catch(() => undefined);
    };
    process.on('SIGINT', onSigint);
    const subscription = client.chat.turns.stream.subscribe(
      { workspaceId: workspace.id, turnId },
      {
        onData: ({ data }: { data: TurnStreamItem }) => {
          events.push(data.event);
          if (!context.json) {
            const line = renderEvent(data.event, s);
            if (line !== undefined) context.out(line);
          }
          if (isTerminalRcaEvent(data.event)) {
            finished = true;
            subscription.unsubscribe();
            process.off('SIGINT', onSigint);
            resolve(data.event);
          }
        },
        onError: (error) => {
          process.off('SIGINT', onSigint);
          reject(error instanceof TRPCClientError ? new CliError(error.message) : error);
        },
        onComplete: () => {
          process.off('SIGINT', onSigint);
          if (!finished) resolve(events.at(-1));
        },
      },
    );
  });

  const report = last?.type === 'complete' ? last.report : null;
  const usage = last?.type === 'complete' ? last.usage : null;
  const status =
    last?.type === 'complete' ? 'complete' : last?.type === 'cancelled' ? 'cancelled' : 'error';
  if (context.json) {
    context.out(
      JSON.stringify({
        workspaceId: workspace.id,
        sessionId,
        turnId,
        status,
        events,
        report,
        usage,
      }),
    );
  } else if (report) {
    context.out(renderReport(report, usage, s));
    context.out(s.dim(`Follow up: vibemonitor ask "…" --session ${sessionId}`));
  }
  return status === 'complete' ? 0 : status === 'cancelled' ? 130 : 1;
}
