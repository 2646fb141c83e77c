import { buildPages } from '../support/browser.js';
import { testApp } from '../support/fixtures.js';
import type { TestApp } from '../support/test-app.js';

const SLOW = 60_000;

/** The built pages as Nest serves them: same-origin policy, no inline script, /demo only in demo mode. */
describe('web pages', () => {
  beforeAll(() => buildPages(), SLOW);

  describe('outside demo mode', () => {
    const app = testApp();
    let t: TestApp;
    beforeAll(async () => {
      ({ t } = await app.start());
    }, SLOW);
    afterAll(() => app.close());

    it('serves /console with a same-origin Content-Security-Policy and no inline script', async () => {
      await t.http.get('/console').expect(301).expect('Location', '/console/');
      const page = await t.http
        .get('/console/')
        .expect(200)
        .expect('Content-Type', /text\/html/);
      const csp = page.headers['content-security-policy'];
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(page.headers['cache-control']).toBe('no-cache');
      const scripts = [...page.text.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toMatch(/\bsrc="\/console\/assets\/[^"]+\.js"/);
      expect(page.text).not.toMatch(/https?:\/\//);

      const asset = /src="(\/console\/assets\/[^"]+\.js)"/.exec(page.text)?.[1] as string;
      const js = await t.http.get(asset).expect(200);
      expect(js.headers['cache-control']).toContain('immutable');
      expect(js.headers['content-security-policy']).toBe(csp);
    });

    it('does not serve /demo at all', async () => {
      await t.http.get('/demo/').expect(404);
      await t.http.get('/demo/index.html').expect(404);
      await t.http.get('/v1/demo/shoppers').expect(404);
    });
  });

  describe('in demo mode', () => {
    const app = testApp().withEnv({ DEMO_MODE: 'true' });
    let t: TestApp;
    beforeAll(async () => {
      ({ t } = await app.start());
    }, SLOW);
    afterAll(() => app.close());

    it('serves /demo under the same policy', async () => {
      const page = await t.http.get('/demo/').expect(200);
      expect(page.text).toContain('Panier shopper demo');
      expect(page.headers['content-security-policy']).toContain("connect-src 'self'");
    });
  });
});
