// One build per page (`--mode console`, `--mode demo`): each is served under its own path by
// Nest (src/common/http/web-pages.ts), so /demo's files simply do not exist outside demo mode.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const web = fileURLToPath(new URL('.', import.meta.url));
const PAGES = ['console', 'demo'];

export default defineConfig(({ mode }) => {
  if (!PAGES.includes(mode)) throw new Error(`vite: --mode must be one of ${PAGES.join(', ')}`);
  return {
    root: `${web}${mode}`,
    base: `/${mode}/`,
    publicDir: false,
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    build: {
      outDir: `${web}../dist/web/${mode}`,
      emptyOutDir: true,
      // No inline script anywhere: the Content-Security-Policy has no 'unsafe-inline'.
      modulePreload: { polyfill: false },
      assetsInlineLimit: 0,
      sourcemap: true,
    },
    // `npm run dev:web -- --mode demo`: the pages on Vite's server, the API of a Panier on :3000.
    server: {
      fs: { allow: [web] },
      proxy: { '/v1': 'http://127.0.0.1:3000', '/socket.io': { target: 'ws://127.0.0.1:3000', ws: true } },
    },
  };
});
