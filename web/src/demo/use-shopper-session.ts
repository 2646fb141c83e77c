import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { type Api, must } from '../api/client';
import { type Cart, type CartSocket, connectCart, type Offer, type Reminder, request } from './cart-socket';

export interface ShopperSession {
  connected: boolean;
  cart?: Cart;
  reminders: Reminder[];
  /** When the shopper last asked for the whole list (`cart:review`). */
  reviewedAt?: Date;
  offers: Offer[];
  error?: Error;
  add(sku: string): void;
  remove(sku: string, quantity?: number): void;
  clear(): void;
  checkout(): Promise<string | undefined>;
  review(): void;
  dismissReminder(sku: string): void;
  dismissOffer(deliveryId: string): void;
  /** Tells the server the shopper has seen the offer (the campaign's `seen` figure). */
  seen(deliveryId: string): void;
}

/**
 * One shopper's live state over `/carts`: the cart as the server last sent it (`cart:state`, also
 * after another tab's change), the reminders (pushed ones are added; a sku the cart now holds or
 * that was dismissed drops out; `[]` clears; `cart:review` replaces the list), and the offers
 * (the inbox at start, then each live `offer`).
 */
export function useShopperSession(token: string, api: Api): ShopperSession {
  const socket = useRef<CartSocket | undefined>(undefined);
  const [connected, setConnected] = useState(false);
  const [cart, setCart] = useState<Cart>();
  const [reminders, setReminders] = useState<Reminder[]>([]);
  const [reviewedAt, setReviewedAt] = useState<Date>();
  const [offers, setOffers] = useState<Offer[]>([]);
  const [error, setError] = useState<Error>();

  useEffect(() => {
    const s = connectCart(token);
    socket.current = s;
    s.on('connect', () => (setConnected(true), setError(undefined)));
    s.on('disconnect', () => setConnected(false));
    s.on('connect_error', (e) => setError(new Error(`The live cart could not connect: ${e.message}`)));
    s.on('cart:state', ({ cart }) => {
      setCart(cart);
      const held = new Set(cart.items.map((i) => i.sku));
      setReminders((list) => list.filter((r) => !held.has(r.sku)));
    });
    s.on('reminders', ({ reminders }) =>
      setReminders((list) => (reminders.length === 0 ? [] : [...list, ...reminders.filter((r) => !list.some((l) => l.sku === r.sku))])),
    );
    s.on('offer', (offer) => setOffers((list) => [offer, ...list.filter((o) => o.deliveryId !== offer.deliveryId)]));
    s.on('session:expired', () => setError(new Error('The session has expired: reload the page.')));
    must(api.GET('/v1/me/offers', { params: { query: { limit: 50 } } })).then(
      (inbox) =>
        setOffers((list) => [...list, ...(inbox.offers as Offer[]).filter((o) => !list.some((l) => l.deliveryId === o.deliveryId))]),
      (e: Error) => setError(e),
    );
    return () => {
      s.close();
      socket.current = undefined;
    };
  }, [token, api]);

  const act = useCallback(<T>(work: (s: CartSocket) => Promise<T>): Promise<T | undefined> => {
    const s = socket.current;
    if (!s) return Promise.resolve(undefined);
    return work(s).then(
      (result) => (setError(undefined), result),
      (e: Error) => (setError(e), undefined),
    );
  }, []);

  return {
    connected,
    cart,
    reminders,
    reviewedAt,
    offers,
    error,
    add: (sku) => void act((s) => request(s, 'cart:add', { sku, quantity: 1 })),
    remove: (sku, quantity) => void act((s) => request(s, 'cart:remove', quantity === undefined ? { sku } : { sku, quantity })),
    clear: () => void act((s) => request(s, 'cart:clear', {})),
    checkout: () => act(async (s) => (await request(s, 'cart:checkout', { orderId: `demo-${crypto.randomUUID()}` })).orderId),
    review: () =>
      void act(async (s) => {
        setReminders((await request(s, 'cart:review', {})).reminders);
        setReviewedAt(new Date());
      }),
    dismissReminder: (sku) =>
      void act(async (s) => {
        await request(s, 'reminder:dismiss', { sku });
        setReminders((list) => list.filter((r) => r.sku !== sku));
      }),
    seen: (deliveryId) => void act((s) => request(s, 'offer:seen', { deliveryId })),
    dismissOffer: (deliveryId) =>
      void act(async (s) => {
        await request(s, 'offer:dismiss', { deliveryId });
        setOffers((list) => list.filter((o) => o.deliveryId !== deliveryId));
      }),
  };
}
