import { resolveWorkspace, type Context } from '../context.js';
import { table } from '../render.js';

export async function integrations(
  context: Context,
  flags: { workspace?: string },
): Promise<number> {
  const workspace = await resolveWorkspace(context, flags.workspace);
  const { integrations: list } = await context
    .authed()
    .integration.list.query({ workspaceId: workspace.id });
  if (context.json) {
    context.out(JSON.stringify(list));
    return 0;
  }
  if (!list.length) {
    context.out(
      `No integrations in ${workspace.name}: connect Prometheus, Loki or Grafana in the console.`,
    );
    return 0;
  }
  const s = context.style;
  const health = (status: string) =>
    status === 'healthy' ? s.green(status) : status === 'unknown' ? s.dim(status) : s.red(status);
  context.out(
    table(
      list.map((i) => [
        i.name,
        i.provider,
        health(i.health.status),
        i.url ?? '',
        i.health.lastError ?? '',
      ]),
      ['NAME', 'PROVIDER', 'HEALTH', 'URL', 'LAST ERROR'],
      s,
    ),
  );
  return 0;
}
