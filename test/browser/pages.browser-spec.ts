import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  buildPages,
  type InPage,
  launchBrowser,
  openContext,
  PHONE,
  screenshot,
  seriousViolations,
  sidewaysOverflow,
} from '../support/browser.js';
import { campaignBodyOffering } from '../support/campaigns.js';
import { testApp } from '../support/fixtures.js';
import { givePurchaseHistory } from '../support/history.js';
import type { RoleKeys } from '../support/staff.js';
import type { TestApp } from '../support/test-app.js';

/** The demo's customer id behind a handle (src/modules/demo): what the ingest API is given for that shopper. */
const customerOf = (handle: string) => `demo-${handle}`;
const SLOW = 60_000;

/**
 * /console and /demo in Debian's Chromium (playwright-core), against the whole service on the real
 * PostgreSQL and Redis. Each test makes its own products and shoppers' histories through the
 * ingest API, and uses demo handles of its own, so none depends on the seed or on another test.
 */
describe('the pages in a browser', () => {
  const app = testApp().withEnv({ DEMO_MODE: 'true' }).withRoleKeys();
  let t: TestApp;
  let keys: RoleKeys;
  let browser: Browser;
  let context: BrowserContext;
  let problems: string[];

  beforeAll(async () => {
    await buildPages();
    ({ t, keys } = await app.start());
    browser = await launchBrowser();
  }, SLOW);
  afterAll(async () => {
    await browser?.close();
    await app.close();
  });
  beforeEach(async () => {
    ({ context, problems } = await openContext(browser, t.url));
  });
  afterEach(async () => {
    await context.close();
    // No Content-Security-Policy violation and no uncaught error on any page of the test.
    expect(problems).toEqual([]);
  });

  const putProducts = (products: Array<{ sku: string; name: string; category?: string; brand?: string; supplierId?: string }>) =>
    t.http.put('/v1/products').set('X-Api-Key', keys.ingest).send(products).expect(200);

  async function shop(handle: string, page?: Page): Promise<Page> {
    const p = page ?? (await context.newPage());
    await p.goto(`/demo/#/${handle}`);
    await p.getByText('live', { exact: false }).first().waitFor();
    await p.getByRole('list', { name: 'Products' }).getByRole('listitem').first().waitFor();
    return p;
  }

  async function addFromCatalog(page: Page, name: string): Promise<void> {
    await page.getByLabel('Search products').fill(name);
    await page.getByRole('button', { name: `Add ${name} to the cart` }).click();
    await page.getByRole('list', { name: 'Cart items' }).getByText(name).waitFor();
  }

  async function signIn(page: Page, key: string): Promise<void> {
    await page.goto('/console/');
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  }

  /** A figure of the campaign page (`<dt>name</dt><dd>value</dd>`). */
  const figure = (page: Page, name: string) =>
    page
      .locator('.figures > div')
      .filter({ has: page.locator('dt', { hasText: new RegExp(`^${name}$`) }) })
      .locator('dd');

  it(
    'shows a reminder with its reason once the cart fills, and dismissing it removes it',
    async () => {
      await putProducts(
        ['Orange juice', 'Whole milk', 'Sourdough bread', 'Free-range eggs', 'Comté cheese'].map((name, i) => ({ sku: `rem-${i}`, name })),
      );
      const usual = [
        ['rem-0', 'rem-1', 'rem-2', 'rem-3'],
        ['rem-0', 'rem-1', 'rem-2'],
        ['rem-0', 'rem-1', 'rem-2', 'rem-3'],
        ['rem-0', 'rem-1', 'rem-4'],
      ];
      await givePurchaseHistory(t, keys.ingest, usual, { customerId: customerOf('shopper-0011'), everyDays: 7 });
      const page = await context.newPage();
      await page.goto('/demo/');
      await page.getByRole('combobox', { name: 'Demo shopper' }).selectOption('shopper-0011');
      await page.getByRole('button', { name: 'Shop as this shopper' }).click();
      await shop('shopper-0011', page);

      const reminders = page.getByRole('list', { name: 'Reminders' });
      for (const name of ['Whole milk', 'Sourdough bread']) {
        await addFromCatalog(page, name);
        expect(await reminders.getByRole('listitem').count()).toBe(0); // fewer than 3 items: too early to speak
      }
      await addFromCatalog(page, 'Comté cheese');
      const juice = reminders.getByRole('listitem').filter({ hasText: 'Orange juice' });
      await juice.getByText('you buy this about every 7 days; last bought 7 days ago').waitFor();
      await screenshot(page, 'demo-desktop');

      await page.getByRole('button', { name: 'Dismiss the reminder for Orange juice' }).click();
      await juice.waitFor({ state: 'detached' });
      // Asked again, the server does not suggest it either.
      await page.getByRole('button', { name: 'Anything forgotten?' }).click();
      await page.getByText(/^Suggestions checked at /).waitFor();
      expect(await juice.count()).toBe(0);
    },
    SLOW,
  );

  it(
    'keeps two tabs of one shopper on the same cart after each change',
    async () => {
      await putProducts([
        { sku: 'tab-1', name: 'Basmati rice' },
        { sku: 'tab-2', name: 'Red lentils' },
      ]);
      const first = await shop('shopper-0012');
      const second = await shop('shopper-0012');
      const cartOf = async (page: Page) => (await page.getByRole('list', { name: 'Cart items' }).innerText()).replace(/\s+/g, ' ').trim();
      const same = async (...lines: string[]) => {
        for (const page of [first, second]) {
          for (const line of lines) await page.getByRole('list', { name: 'Cart items' }).getByText(line).waitFor();
        }
        expect(await cartOf(first)).toBe(await cartOf(second));
      };

      await addFromCatalog(first, 'Basmati rice');
      await same('Basmati rice × 1');
      await addFromCatalog(second, 'Red lentils');
      await same('Basmati rice × 1', 'Red lentils × 1');
      await first.getByRole('button', { name: 'One more Red lentils' }).click();
      await same('Basmati rice × 1', 'Red lentils × 2');
      await second.getByRole('button', { name: 'Remove Basmati rice' }).click();
      await second.getByRole('list', { name: 'Cart items' }).getByText('Basmati rice').waitFor({ state: 'detached' });
      await first.getByRole('list', { name: 'Cart items' }).getByText('Basmati rice').waitFor({ state: 'detached' });
      expect(await cartOf(first)).toBe(await cartOf(second));
      await first.getByRole('button', { name: 'Check out' }).click();
      await second.getByText('The cart is empty.').waitFor();
    },
    SLOW,
  );

  it(
    'launches a campaign built in the console; its offer reaches the shopper while the figures move',
    async () => {
      const supplierId = keys.supplierId;
      await putProducts([
        { sku: 'cmp-web-beans', name: 'Espresso beans', category: 'web-coffee', brand: 'Torrefaction', supplierId },
        { sku: 'cmp-web-filter', name: 'Filter coffee', category: 'web-coffee', brand: 'Torrefaction', supplierId },
      ]);
      await givePurchaseHistory(t, keys.ingest, [['cmp-web-filter'], ['cmp-web-filter']], { customerId: customerOf('shopper-0013') });
      const shopper = await shop('shopper-0013');
      // Supplier offers rest on consent: the shopper says yes in the privacy corner.
      const offersConsent = shopper.getByRole('checkbox', { name: 'Offers from suppliers, chosen for me' });
      await offersConsent.check();
      await shopper.getByText(/changed .* \(web\)/).waitFor();
      expect(await offersConsent.isChecked()).toBe(true);

      const console = await context.newPage();
      await signIn(console, keys.marketer);
      await console.getByRole('navigation').getByRole('link', { name: 'New campaign' }).click();
      await console.getByLabel('Campaign name').fill('Coffee week');
      await console.getByLabel('Supplier').selectOption({ label: 'Test Brand' });
      await console.getByLabel('Offer title').fill('25 % off espresso beans');
      await console.getByLabel('Offer text').fill('For your morning cup');
      await console.getByLabel('Offered products (SKUs, comma-separated)').fill('cmp-web-beans');
      await console.getByLabel('Discount', { exact: true }).fill('25');
      await console.getByLabel('Holdout (%)').fill('0');
      const rule = console.getByRole('group', { name: 'Include rule 1' });
      await rule.getByLabel('Categories').fill('web-nothing');
      await console.getByText('Estimated audience: 0 shoppers').waitFor();
      await rule.getByLabel('Categories').fill('web-coffee');
      await console.getByText('Estimated audience: 1 shopper').waitFor();
      await console.getByRole('button', { name: 'Launch' }).click();

      await console.getByRole('heading', { name: 'Coffee week' }).waitFor();
      const offer = shopper.getByRole('list', { name: 'Offers' }).getByRole('listitem').filter({ hasText: '25 % off espresso beans' });
      await offer.getByText('expires in 7 days').waitFor();
      await offer.getByText('From Test Brand').waitFor();
      await figure(console, 'Delivered in app').filter({ hasText: /^1$/ }).waitFor();
      await figure(console, 'Seen').filter({ hasText: /^1$/ }).waitFor();
      expect(await figure(console, 'Converted').innerText()).toBe('0');
      await screenshot(console, 'console-desktop');

      // The shopper buys the offered product: the open campaign page counts the conversion by itself.
      await addFromCatalog(shopper, 'Espresso beans');
      await shopper.getByRole('button', { name: 'Check out' }).click();
      await figure(console, 'Converted').filter({ hasText: /^1$/ }).waitFor();
      await console.getByText(/Uplift: /).waitFor();
    },
    SLOW,
  );

  it(
    'lets the campaign editor be completed with the keyboard alone',
    async () => {
      await putProducts([{ sku: 'kbd-1', name: 'Oat drink', category: 'web-plant-milk', supplierId: keys.supplierId }]);
      const page = await context.newPage();
      await page.goto('/console/');
      /** The focused control's name: its aria-label, its label's caption, or its text. */
      const focused = () =>
        page.evaluate(() => {
          const el = (globalThis as unknown as InPage).document.activeElement;
          const label = el?.labels?.[0];
          const name = el?.getAttribute('aria-label') ?? (label ? (label.querySelector('span') ?? label).textContent : el?.textContent);
          return (name ?? '').trim();
        });
      /** Tabs forward until the focused control's name is `name`, then checks that its focus can be seen. */
      const tabTo = async (name: string) => {
        for (let i = 0; i < 120; i++) {
          await page.keyboard.press('Tab');
          if ((await focused()) === name) {
            const outline = await page.evaluate(() => {
              const w = globalThis as unknown as InPage;
              return w.getComputedStyle(w.document.activeElement).outlineStyle;
            });
            expect(outline).not.toBe('none');
            return;
          }
        }
        throw new Error(`never reached "${name}" with Tab`);
      };
      await tabTo('API key');
      await page.keyboard.type(keys.marketer);
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      await tabTo('New campaign');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'New campaign' }).waitFor();
      const type = async (name: string, text: string) => {
        await tabTo(name);
        await page.keyboard.press('ControlOrMeta+a');
        await page.keyboard.type(text);
      };
      await type('Campaign name', 'Keyboard campaign');
      await tabTo('Supplier');
      await page.keyboard.press('ArrowDown');
      await type('Offer title', 'Oat drink, 10 % off');
      await type('Offer text', 'Typed without a mouse');
      await type('Offered products (SKUs, comma-separated)', 'kbd-1');
      await type('Categories', 'web-plant-milk');
      await tabTo('Push notification');
      await page.keyboard.press('Space');
      await tabTo('Quiet hours');
      await page.keyboard.press('Space');
      // The hour of a time field steps with the arrow keys, whatever the browser's 12- or 24-hour display.
      await tabTo('Quiet from');
      await page.keyboard.press('ArrowUp');
      await tabTo('Frequency cap');
      await page.keyboard.press('Space');
      await type('At most (offers)', '3');
      await page.getByText(/Estimated audience: 0 shoppers/).waitFor();
      await tabTo('Launch');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Keyboard campaign' }).waitFor();
      const campaigns = (await t.http.get('/v1/campaigns').set('X-Api-Key', keys.marketer).expect(200)).body.campaigns as Array<{
        name: string;
        status: string;
        channels: string[];
        quietHours: { start: string } | null;
        frequencyCap: { max: number } | null;
        audience: { include: Array<{ categories: string[] }> };
      }>;
      const made = campaigns.find((c) => c.name === 'Keyboard campaign');
      expect(made).toMatchObject({
        channels: ['in_app', 'push'],
        quietHours: { start: '22:00' },
        frequencyCap: { max: 3 },
        audience: { include: [{ categories: ['web-plant-milk'] }] },
      });
      expect(made?.status).not.toBe('draft');
    },
    SLOW,
  );

  it(
    'has no serious or critical accessibility violation on either page, desktop and phone, nor sideways scrolling on a phone',
    async () => {
      await putProducts([{ sku: 'a11y-1', name: 'Rye crackers', category: 'web-crackers', supplierId: keys.supplierId }]);
      const created = await t.http
        .post('/v1/campaigns')
        .set('X-Api-Key', keys.marketer)
        .send(campaignBodyOffering(keys.supplierId, ['a11y-1']))
        .expect(201);
      const campaignId = created.body.id as string;
      await t.http.post(`/v1/campaigns/${campaignId}/launch`).set('X-Api-Key', keys.marketer).expect(200);
      const page = await context.newPage();
      const check = async (what: string) => {
        expect({ what, violations: await seriousViolations(page) }).toEqual({ what, violations: [] });
        expect({ what, overflow: await sidewaysOverflow(page) }).toEqual({ what, overflow: 0 });
      };
      for (const viewport of [{ width: 1280, height: 800 }, PHONE]) {
        await page.setViewportSize(viewport);
        const phone = viewport === PHONE;
        await page.goto('/demo/');
        await page.getByRole('combobox', { name: 'Demo shopper' }).waitFor();
        await check(`demo picker ${viewport.width}`);
        await shop('shopper-0014', page);
        await addFromCatalog(page, 'Rye crackers');
        await check(`demo shop ${viewport.width}`);
        if (phone) await screenshot(page, 'demo-phone');
        await page.evaluate(() => (globalThis as unknown as { sessionStorage: { clear(): void } }).sessionStorage.clear());
        await page.goto('/console/');
        await check(`console sign-in ${viewport.width}`);
        await signIn(page, keys.marketer);
        await page.getByRole('navigation').getByRole('link', { name: 'New campaign' }).click();
        await page.getByLabel('Campaign name').waitFor();
        await check(`campaign editor ${viewport.width}`);
        if (phone) await screenshot(page, 'console-editor-phone');
        await page.goto(`/console/#/campaigns/${campaignId}`);
        await page.getByRole('heading', { name: 'Fan-out' }).waitFor();
        await check(`campaign page ${viewport.width}`);
        if (phone) await screenshot(page, 'console-phone');
        await page.getByRole('button', { name: 'Sign out' }).click();
      }
    },
    SLOW,
  );

  it(
    'shows a privacy key the erasure requests and the audit trail, and a supplier key its reports with withheld cells',
    async () => {
      const page = await context.newPage();
      // Far from the first shoppers that tests load as a small demo world: an erased shopper's
      // purchases are refused for good, in the one database the whole run shares.
      const handle = 'shopper-2990';
      await shop(handle, page);
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: 'Delete me' }).click();
      await page.getByText('Your erasure is under way').waitFor();

      await page.evaluate(() => (globalThis as unknown as { sessionStorage: { clear(): void } }).sessionStorage.clear());
      await signIn(page, keys.privacy);
      await page.getByRole('heading', { name: 'Erasure requests' }).waitFor();
      await page.getByRole('table').first().getByRole('row').nth(1).waitFor();
      await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
      await page.getByRole('button', { name: 'Sign out' }).click();

      await signIn(page, keys.supplier);
      await page.getByLabel('SKUs (comma-separated)').fill('cmp-web-beans');
      await page.getByRole('button', { name: 'Show report' }).click();
      await page.getByText('rows withheld').waitFor();
      const cells = page.getByRole('table').getByRole('cell');
      if ((await cells.count()) > 0) expect(await page.getByText('withheld', { exact: true }).count()).toBeGreaterThan(0);
    },
    SLOW,
  );
});
