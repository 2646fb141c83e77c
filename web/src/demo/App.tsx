import { useMemo } from 'preact/hooks';
import { type Api, must, publicApi, shopperApi } from '../api/client';
import { ErrorNotice } from '../common/ErrorNotice';
import { useHashRoute, useLoad } from '../common/hooks';
import { Catalog } from './Catalog';
import { CartPanel } from './CartPanel';
import { OffersPanel } from './OffersPanel';
import { PrivacyCorner } from './PrivacyCorner';
import { RemindersPanel } from './RemindersPanel';
import { ShopperPicker } from './ShopperPicker';
import { useShopperSession } from './use-shopper-session';

/**
 * The shopper demo. The chosen shopper's handle is in the URL (`#/shopper-0001`): it is a demo
 * handle, not a secret, so a second tab opened on the same address signs in as the same shopper
 * (its own session token) and follows the same live cart.
 */
export function App() {
  const route = useHashRoute();
  const handle = /^\/(shopper-\d{4})$/.exec(route)?.[1];
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="bar">
        <h1>Panier shopper demo</h1>
        {handle && (
          <span>
            <a href={`#/${handle}`} target="_blank" rel="noopener">
              Open this shopper in a new tab
            </a>{' '}
            · <a href="#/">Change shopper</a>
          </span>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {handle ? <Shop key={handle} handle={handle} /> : <ShopperPicker />}
      </main>
    </>
  );
}

function Shop({ handle }: { handle: string }) {
  const token = useLoad(() => must(publicApi().POST('/v1/demo/sessions', { body: { handle } })), [handle]);
  if (token.error) return <ErrorNotice error={token.error} />;
  if (!token.data) return <p role="status">Signing in as {handle}…</p>;
  return <Signed handle={handle} token={token.data.token} />;
}

function Signed({ handle, token }: { handle: string; token: string }) {
  const api: Api = useMemo(() => shopperApi(token), [token]);
  const session = useShopperSession(token, api);
  return (
    <>
      <p class="hint">
        Signed in as demo shopper <strong>{handle}</strong> · {session.connected ? 'live' : 'connecting…'}
      </p>
      <ErrorNotice error={session.error} />
      <div class="grid">
        <Catalog api={api} onAdd={(sku) => session.add(sku)} />
        <div>
          <CartPanel session={session} />
          <RemindersPanel session={session} />
          <OffersPanel session={session} />
        </div>
      </div>
      <PrivacyCorner api={api} />
    </>
  );
}
