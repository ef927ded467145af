// Compiles one workspace package (the current directory) from src/ to dist/:
// every .ts file transpiled on its own to ESM JavaScript with a source map,
// every other file (e.g. data files read via import.meta.url) copied as is.
// No bundling: imports stay as written (`./x.js`, `@vibemonitor/core`), and a
// package's `compiled` export condition points at dist/, so
// `node --conditions=compiled` runs compiled code while tsx, vitest and tsc
// keep resolving the TypeScript sources (the `default` condition).
// Type checking is `pnpm typecheck`'s job, not this one's.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const srcDir = 'src';
const outDir = 'dist';
const isTest = (file) => /\.test\.ts$/.test(file) || file.split('/').includes('__fixtures__');

rmSync(outDir, { recursive: true, force: true });
const files = readdirSync(srcDir, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
const entryPoints = files.filter(
  (file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !isTest(file),
);
await build({
  entryPoints,
  outdir: outDir,
  outbase: srcDir,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
});
for (const file of files.filter((f) => !f.endsWith('.ts') && !f.endsWith('.tsx'))) {
  const target = join(outDir, file.slice(srcDir.length + 1));
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(file, target);
}
process.stdout.write(`built ${entryPoints.length} files into ${process.cwd()}/${outDir}\n`);
