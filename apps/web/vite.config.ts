import { defineConfig } from 'vite';

/**
 * The web console: a static single-page app. `pnpm start` serves the built
 * files from `dist/` on the API's own origin; `pnpm --filter @vibemonitor/web dev`
 * runs Vite's dev server and proxies the API to a server on :3000.
 */
export default defineConfig({
  root: import.meta.dirname,
  oxc: { jsx: { runtime: 'automatic' } },
  // One copy of each: the SDK's hooks and the app must share React's and TanStack Query's contexts.
  resolve: {
    dedupe: [
      'react',
      'react-dom',
      '@tanstack/react-query',
      '@trpc/tanstack-react-query',
      '@trpc/client',
    ],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1000,
    rollupOptions: {
      // TanStack Query marks its modules "use client" (for server components); meaningless in an SPA.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    proxy: {
      '/trpc': 'http://127.0.0.1:3000',
      '/api': 'http://127.0.0.1:3000',
      '/health': 'http://127.0.0.1:3000',
    },
  },
});
