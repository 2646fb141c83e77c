import { useEffect, useRef } from 'preact/hooks';
import { expiresIn, money } from '../common/format';
import type { ShopperSession } from './use-shopper-session';

/** Supplier offers as they arrive (live `offer` events and the inbox), with their expiry; shown means seen. */
export function OffersPanel({ session }: { session: ShopperSession }) {
  const reported = useRef(new Set<string>());
  useEffect(() => {
    for (const o of session.offers) {
      if (reported.current.has(o.deliveryId)) continue;
      reported.current.add(o.deliveryId);
      session.seen(o.deliveryId);
    }
  }, [session.offers]);
  const now = new Date();
  return (
    <section class="card" aria-labelledby="offers-title" aria-live="polite">
      <h2 id="offers-title">Offers for you</h2>
      {session.offers.length === 0 && <p class="hint">No offer right now.</p>}
      <ul class="plain" aria-label="Offers">
        {session.offers.map((o) => (
          <li key={o.deliveryId}>
            <strong>{o.title}</strong>{' '}
            <span class="badge">{o.discount.type === 'percent' ? `${o.discount.value} % off` : `${money(o.discount.value)} off`}</span>
            <p style={{ margin: '0.2rem 0' }}>{o.body}</p>
            <p class="hint" style={{ margin: '0.2rem 0' }}>
              From {o.supplier.name} · <time dateTime={o.expiresAt}>{expiresIn(o.expiresAt, now)}</time>
            </p>
            <button type="button" aria-label={`Dismiss the offer ${o.title}`} onClick={() => session.dismissOffer(o.deliveryId)}>
              Dismiss
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
