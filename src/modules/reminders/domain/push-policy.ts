/**
 * Whether the live path should push reminders after a cart change. A push
 * interrupts the shopper, so it must be rare and always new: not on a near-empty
 * cart (too little context, and the shopper has only just started), not when
 * nothing changed, and never the same sku twice for one cart.
 */
import type { Reminder } from './reminder-ranker.js';

/** Tunables of {@link decidePush}. */
export interface PushPolicyOptions {
  /** No push before the cart holds this many items. */
  readonly minCartItems: number;
}

export const DEFAULT_PUSH_POLICY: PushPolicyOptions = Object.freeze({ minCartItems: 3 });

/** What the caller knows about the cart when the ranker has produced `next`. */
export interface PushInput {
  /** The list pushed last for this cart (empty if none). */
  readonly previous: readonly Pick<Reminder, 'sku'>[];
  /** The list the ranker returns now. */
  readonly next: readonly Reminder[];
  /** Items in the cart now. */
  readonly cartSize: number;
  /** Every sku already pushed for this cart. */
  readonly alreadyPushed: ReadonlySet<string>;
}

/** Why nothing is pushed. */
export type PushSkipReason = 'cart-too-small' | 'unchanged' | 'nothing-new';

/** Push these reminders (only the never-pushed ones, in rank order), or skip and why. */
export type PushDecision =
  { readonly push: true; readonly reminders: readonly Reminder[] } | { readonly push: false; readonly reason: PushSkipReason };

/** Applies the rules in order: cart size, list changed, something not pushed yet. */
export function decidePush(input: PushInput, options: Partial<PushPolicyOptions> = {}): PushDecision {
  const { minCartItems } = { ...DEFAULT_PUSH_POLICY, ...options };
  if (input.cartSize < minCartItems) return { push: false, reason: 'cart-too-small' };
  // A reordering of the same items is not news to the shopper.
  if (sameSkus(input.previous, input.next)) return { push: false, reason: 'unchanged' };
  const fresh = input.next.filter((reminder) => !input.alreadyPushed.has(reminder.sku));
  if (fresh.length === 0) return { push: false, reason: 'nothing-new' };
  return { push: true, reminders: fresh };
}

/** Lists of a few reminders each, without duplicates: compared in place, nothing allocated. */
function sameSkus(a: readonly Pick<Reminder, 'sku'>[], b: readonly Pick<Reminder, 'sku'>[]): boolean {
  if (a.length !== b.length) return false;
  for (const reminder of b) {
    let found = false;
    for (const other of a) if (other.sku === reminder.sku) found = true;
    if (!found) return false;
  }
  return true;
}
