import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { emitAck } from '../support/cart-client.js';
import { connectCartWithState } from '../support/sockets.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { shopperToken } from '../support/tokens.js';

const MONITORING = join(import.meta.dirname, '..', '..', 'docs', 'monitoring');

/** The `panier_*` metric families an expression names (histogram series named by their family). */
function familiesIn(expr: string): string[] {
  return [...expr.matchAll(/\bpanier_[a-z0-9_]+/g)].map(([name]) => name.replace(/_(bucket|count|sum)$/, ''));
}

/** The shipped Grafana dashboard and Prometheus alert rules query only metrics Panier exposes. */
describe('monitoring files', () => {
  let t: TestApp;
  let exposed: Set<string>;

  beforeAll(async () => {
    t = await startTestApp();
    const text = (await t.http.get('/metrics').expect(200)).text;
    exposed = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map(([, name]) => name));
  });
  afterAll(() => t.close());

  it('names only exposed metrics in the alert rules', () => {
    const rules = (
      parse(readFileSync(join(MONITORING, 'alerts.yml'), 'utf8')) as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> }
    ).groups.flatMap((g) => g.rules);
    expect(rules.length).toBeGreaterThan(5);
    const missing = rules.flatMap((r) =>
      familiesIn(r.expr)
        .filter((f) => !exposed.has(f))
        .map((f) => `${r.alert}: ${f}`),
    );
    expect(missing).toEqual([]);
  });

  it('names only exposed metrics in the dashboard', () => {
    const dashboard = JSON.parse(readFileSync(join(MONITORING, 'grafana-dashboard.json'), 'utf8')) as {
      panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
    };
    const missing = dashboard.panels.flatMap((p) =>
      p.targets.flatMap((q) =>
        familiesIn(q.expr)
          .filter((f) => !exposed.has(f))
          .map((f) => `${p.title}: ${f}`),
      ),
    );
    expect(missing).toEqual([]);
  });

  it('times every cart event to its acknowledgement', async () => {
    const { socket } = await connectCartWithState(t.url, await shopperToken());
    try {
      expect(await emitAck(socket, 'cart:add', { sku: 'monitoring-sku' })).toMatchObject({ ok: true });
    } finally {
      socket.close();
    }
    const text = (await t.http.get('/metrics').expect(200)).text;
    expect(text).toMatch(/^panier_socket_event_duration_seconds_count\{event="cart:add"\} 1$/m);
  });

  it('exposes every queue’s depth by state', async () => {
    const text = (await t.http.get('/metrics').expect(200)).text;
    expect(text).toMatch(/^panier_queue_jobs\{queue="campaign-dispatch",state="waiting"\} \d+$/m);
  });
});
