import { reasonInWords } from '../common/format';
import type { ShopperSession } from './use-shopper-session';

/** Forgotten items, each with its reason in words, and a way to add it or to say "not this". */
export function RemindersPanel({ session }: { session: ShopperSession }) {
  const now = new Date();
  return (
    <section class="card" aria-labelledby="reminders-title" aria-live="polite">
      <h2 id="reminders-title">Did you forget?</h2>
      {session.reminders.length === 0 && <p class="hint">No reminder right now.</p>}
      {session.reviewedAt && <p class="hint">Suggestions checked at {session.reviewedAt.toLocaleTimeString('en-GB')}</p>}
      <ul class="plain" aria-label="Reminders">
        {session.reminders.map((r) => {
          const name = r.name ?? r.sku;
          return (
            <li key={r.sku}>
              <strong>{name}</strong>
              <p style={{ margin: '0.2rem 0' }}>{reasonInWords(r.reason, now)}</p>
              <div class="row">
                <button type="button" class="primary" aria-label={`Add ${name} to the cart`} onClick={() => session.add(r.sku)}>
                  Add to cart
                </button>
                <button type="button" aria-label={`Dismiss the reminder for ${name}`} onClick={() => session.dismissReminder(r.sku)}>
                  Dismiss
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
