import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { Router } from 'express';

/** Paths that belong to the API: the console never answers them, whatever the Accept header. */
export function isApiPath(path: string): boolean {
  return /^\/(trpc|api|health|metrics)(\/|$)/.test(path);
}

/** True when `dir` holds a built console (its index.html). */
export function isWebConsoleBuilt(dir: string): boolean {
  return existsSync(join(dir, 'index.html'));
}

/**
 * Serves the built web console (apps/web/dist) on the API's origin: hashed
 * assets cached for a year, and index.html for any other page a browser asks
 * for (GET with `Accept: text/html`), so client-side routes such as
 * /verify-email?token=... load the app. API paths (/trpc, /api/..., /health,
 * /metrics) are never answered here, and requests that are not page loads
 * (fetch, curl) still get the JSON 404.
 */
export function webConsoleRoutes(dir: string): Router {
  const root = resolve(dir);
  const index = join(root, 'index.html');
  const routes = Router();
  routes.use(
    express.static(root, {
      index: false,
      fallthrough: true,
      setHeaders(res, path) {
        res.setHeader(
          'Cache-Control',
          path.startsWith(join(root, 'assets'))
            ? 'public, max-age=31536000, immutable'
            : 'no-cache',
        );
      },
    }),
  );
  routes.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (isApiPath(req.path)) return next();
    // A missing asset (/assets/old-hash.js) is a 404, not the app.
    if (/\.[a-z0-9]+$/i.test(req.path)) return next();
    if (!(req.headers.accept ?? '').includes('text/html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    // Over plain HTTP (embedded mode on 127.0.0.1 or a LAN address), helmet's
    // `upgrade-insecure-requests` would send the page's own scripts to https://.
    const csp = res.getHeader('Content-Security-Policy');
    if (!req.secure && typeof csp === 'string')
      res.setHeader('Content-Security-Policy', csp.replace(/;?\s*upgrade-insecure-requests/, ''));
    res.sendFile(index);
  });
  return routes;
}
