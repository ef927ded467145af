import { resolveWorkspace, type Context } from '../context.js';
import { table } from '../render.js';

export async function sessions(
  context: Context,
  flags: { workspace?: string; limit?: number },
): Promise<number> {
  const workspace = await resolveWorkspace(context, flags.workspace);
  const page = await context
    .authed()
    .chat.sessions.list.query({ workspaceId: workspace.id, limit: flags.limit ?? 20 });
  if (context.json) {
    context.out(JSON.stringify(page));
    return 0;
  }
  if (!page.items.length) {
    context.out(`No sessions in ${workspace.name} yet: ask a question with \`vibemonitor ask\`.`);
    return 0;
  }
  context.out(
    table(
      page.items.map((item) => [
        item.updatedAt.toISOString().slice(0, 16).replace('T', ' '),
        item.title ?? '(untitled)',
        item.id,
      ]),
      ['UPDATED', 'TITLE', 'ID'],
      context.style,
    ),
  );
  if (page.nextCursor)
    context.out(context.style.dim(`(more: --limit ${Math.min((flags.limit ?? 20) * 2, 100)})`));
  return 0;
}
