import { resolveWorkspace, type Context } from '../context.js';
import { table } from '../render.js';

export async function workspaces(context: Context): Promise<number> {
  const list = await context.authed().workspace.list.query();
  const current = list.length ? (await resolveWorkspace(context, undefined)).id : undefined;
  if (context.json) {
    context.out(JSON.stringify(list.map((w) => ({ ...w, current: w.id === current }))));
    return 0;
  }
  context.out(
    table(
      list.map((w) => [w.id === current ? '*' : ' ', w.name, w.type, w.role, w.id]),
      [' ', 'NAME', 'TYPE', 'ROLE', 'ID'],
      context.style,
    ),
  );
  return 0;
}

/** Makes a workspace the default for later commands. */
export async function use(context: Context, wanted: string): Promise<number> {
  const workspace = await resolveWorkspace(context, wanted);
  await context.save({ ...context.config, workspaceId: workspace.id });
  if (context.json) context.out(JSON.stringify(workspace));
  else context.out(`Using workspace ${context.style.bold(workspace.name)} (${workspace.id}).`);
  return 0;
}

/** Opens the demo workspace (simulated data), creating it the first time, and uses it. */
export async function demo(context: Context): Promise<number> {
  const { workspace, created } = await context.authed().workspace.createDemo.mutate();
  await context.save({ ...context.config, workspaceId: workspace.id });
  if (context.json) context.out(JSON.stringify({ ...workspace, created }));
  else {
    context.out(
      `${created ? 'Created' : 'Using'} the demo workspace ${context.style.bold(workspace.name)} (${workspace.id}).`,
    );
    context.out(context.style.dim('Try: vibemonitor ask "Why is checkout slow?"'));
  }
  return 0;
}
