/**
 * Builds the publishable SDK into dist/: ESM JavaScript (esbuild; the
 * workspace's contracts bundled in, @trpc/*, superjson, zod, React and
 * TanStack Query left to the installer) and one declaration file per entry
 * (rollup-plugin-dts) whose router types are generated from packages/api by
 * ./router-types.ts, so nothing in dist/ names a workspace package.
 *
 *   pnpm --filter @vibemonitor/sdk build
 */
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { rollup } from 'rollup';
import { dts } from 'rollup-plugin-dts';
import { generateRouterTypes } from './router-types.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const work = join(root, 'dist', '.build');
const external = [
  '@trpc/client',
  '@trpc/server',
  '@trpc/tanstack-react-query',
  '@tanstack/react-query',
  'react',
  'superjson',
  'zod',
];
const isExternal = (id: string) =>
  external.some((name) => id === name || id.startsWith(`${name}/`));
const entries = { index: join(root, 'src/index.ts'), react: join(root, 'src/react.ts') };

await rm(dist, { recursive: true, force: true });
await mkdir(work, { recursive: true });

const started = Date.now();
const routerTypes = generateRouterTypes({
  tsconfig: join(root, 'tsconfig.json'),
  entry: resolve(root, '../api/src/root.ts'),
});
const routerFile = join(work, 'app-router.d.ts');
await writeFile(routerFile, routerTypes.text);

await build({
  entryPoints: entries,
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  sourcemap: true,
  external,
  logLevel: 'warning',
});

const bundle = await rollup({
  input: entries,
  external: isExternal,
  plugins: [
    {
      name: 'vibemonitor-router-types',
      resolveId: (id) => (id === '@vibemonitor/api' ? routerFile : null),
    },
    dts({
      respectExternal: true,
      tsconfig: join(root, 'tsconfig.json'),
      // The declaration compiler reads the generated router types too, never packages/api's source.
      compilerOptions: { noEmit: false, paths: { '@vibemonitor/api': [routerFile] } },
    }),
  ],
});
await bundle.write({
  dir: dist,
  format: 'es',
  entryFileNames: '[name].d.ts',
  chunkFileNames: '[name]-[hash].d.ts',
});
await bundle.close();
await rm(work, { recursive: true, force: true });

// Nothing published may name a workspace package.
for (const file of await readdir(dist)) {
  const text = (await readFile(join(dist, file), 'utf8')).replace(
    /\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm,
    '',
  );
  if (!file.endsWith('.map') && /(from\s+|import\s*\(?\s*)['"]@vibemonitor\//.test(text)) {
    throw new Error(`dist/${file} still refers to a workspace package`);
  }
}
process.stdout.write(
  `sdk: built dist/ (${routerTypes.procedures} procedures typed) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
);
