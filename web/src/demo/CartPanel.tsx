import { useState } from 'preact/hooks';
import type { ShopperSession } from './use-shopper-session';

export function CartPanel({ session }: { session: ShopperSession }) {
  const [placed, setPlaced] = useState<string>();
  const items = session.cart?.items ?? [];
  const checkout = async () => {
    const orderId = await session.checkout();
    if (orderId) setPlaced(orderId);
  };
  return (
    <section class="card" aria-labelledby="cart-title">
      <h2 id="cart-title">Your cart</h2>
      <p class="hint" role="status" aria-live="polite">
        {items.length === 0 ? 'The cart is empty.' : `${items.reduce((n, i) => n + i.quantity, 0)} items`}
        {placed && items.length === 0 && ` · Order placed (${placed.slice(0, 13)}…)`}
      </p>
      <ul class="plain" aria-label="Cart items">
        {items.map((item) => {
          const name = item.name ?? item.sku;
          return (
            <li key={item.sku} class="row" style={{ justifyContent: 'space-between' }}>
              <span>
                <strong>{name}</strong> × <span aria-label={`quantity of ${name}`}>{item.quantity}</span>
              </span>
              <span class="row compact">
                <button type="button" aria-label={`One more ${name}`} onClick={() => session.add(item.sku)}>
                  +
                </button>
                <button type="button" aria-label={`One less ${name}`} onClick={() => session.remove(item.sku, 1)}>
                  −
                </button>
                <button type="button" class="danger" aria-label={`Remove ${name}`} onClick={() => session.remove(item.sku)}>
                  Remove
                </button>
              </span>
            </li>
          );
        })}
      </ul>
      <div class="row">
        <button type="button" class="primary" disabled={items.length === 0} onClick={() => void checkout()}>
          Check out
        </button>
        <button type="button" disabled={items.length === 0} onClick={() => session.clear()}>
          Empty the cart
        </button>
        <button type="button" onClick={() => session.review()}>
          Anything forgotten?
        </button>
      </div>
    </section>
  );
}
