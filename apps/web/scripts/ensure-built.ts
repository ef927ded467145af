import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where the built console lives; the server serves this folder. */
export const webRoot = join(import.meta.dirname, '..');
export const webDistDir = join(webRoot, 'dist');

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when dist/ is missing or older than the console's sources. */
export function webBuildIsStale(): boolean {
  const built = join(webDistDir, 'index.html');
  if (!existsSync(built)) return true;
  const sources = ['src', 'index.html', 'vite.config.ts'].map((p) => join(webRoot, p));
  return Math.max(...sources.map(newestMtime)) > statSync(built).mtimeMs;
}

/**
 * Builds the console with Vite when dist/ is missing or stale (a fresh clone,
 * or sources edited since the last build); returns the dist folder. `pnpm start`
 * runs this before the server, and the browser tests call it.
 */
export async function ensureWebBuilt(
  options: { log?: (line: string) => void } = {},
): Promise<string> {
  if (!webBuildIsStale()) return webDistDir;
  options.log?.('Building the web console (apps/web) ...');
  const { build } = await import('vite');
  await build({ root: webRoot, configFile: join(webRoot, 'vite.config.ts'), logLevel: 'warn' });
  return webDistDir;
}

// `tsx apps/web/scripts/ensure-built.ts`: the first step of `pnpm start`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await ensureWebBuilt({ log: (line) => process.stdout.write(`${line}\n`) });
}
