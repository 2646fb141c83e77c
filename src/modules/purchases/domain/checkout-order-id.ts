/**
 * Online checkouts have order ids of their own: a shopper's `cart:checkout { orderId }` is stored
 * as `online:<pseudonym>:<orderId>`, never as the retailer's order id itself. So a shopper cannot
 * claim an order id the tills will use later (its purchase would be refused as a conflict), nor
 * learn from a conflict whether an order id exists, and two shoppers' ids never meet. A retailer's
 * order id could only coincide by naming that shopper's random pseudonym, which no shopper-facing
 * answer shows: the shopper is shown the orderId they sent (`shopperOrderId`).
 */
const PREFIX = 'online:';

export function checkoutOrderId(pseudonym: string, orderId: string): string {
  return `${PREFIX}${pseudonym}:${orderId}`;
}

/** The order id as the shopper knows it: their checkout's own id, any other order's as stored. */
export function shopperOrderId(pseudonym: string, stored: string): string {
  const own = `${PREFIX}${pseudonym}:`;
  return stored.startsWith(own) ? stored.slice(own.length) : stored;
}
