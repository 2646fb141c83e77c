import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type RequestHandler } from 'express';
import { sameOriginPolicy } from './content-security-policy.js';

/**
 * The pages and everything they load come from this origin: no CDN, no web font, no inline
 * script. `'self'` in connect-src also covers the same host's ws:/wss: (CSP Level 3), which the
 * socket.io client of /demo uses. Chart.js and Preact set styles through the CSSOM, which
 * style-src does not restrict, so no `'unsafe-inline'` is needed.
 */
export const PAGES_CONTENT_SECURITY_POLICY = sameOriginPolicy();

/** The folder `npm run build:web` writes (dist/web), found from this file in src/ (tests) or dist/src/ (built). */
export function webBuildDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'web');
}

const headers: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', PAGES_CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  next();
};

/**
 * Serves the built pages as static files, ahead of Nest's routes: `/console` always, `/demo` only
 * in demo mode (elsewhere it is a plain 404, as if it did not exist). Vite names assets by their
 * hash, so they may be cached for good; the HTML is revalidated so a deploy shows at once.
 */
export function mountWebPages(server: NestExpressApplication, options: { demo: boolean; dir?: string }): void {
  const root = options.dir ?? webBuildDir();
  const pages = options.demo ? ['console', 'demo'] : ['console'];
  for (const page of pages) {
    server.use(
      `/${page}`,
      headers,
      express.static(join(root, page), {
        index: 'index.html',
        setHeaders: (res, path) =>
          res.setHeader('Cache-Control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable'),
      }),
    );
  }
}
