import { checkoutOrderId, shopperOrderId } from './checkout-order-id.js';

const me = '6f1c2d3e-0000-4000-8000-000000000001';
const other = '6f1c2d3e-0000-4000-8000-000000000002';

describe('checkout order ids', () => {
  it('stores a checkout apart from the retailer order id it names, and per shopper', () => {
    expect(checkoutOrderId(me, 'ORD-1')).not.toBe('ORD-1');
    expect(checkoutOrderId(me, 'ORD-1')).not.toBe(checkoutOrderId(other, 'ORD-1'));
  });

  it('shows the shopper the order id they sent, and other orders as stored', () => {
    expect(shopperOrderId(me, checkoutOrderId(me, 'web:42'))).toBe('web:42');
    expect(shopperOrderId(me, 'ORD-1')).toBe('ORD-1');
    expect(shopperOrderId(me, `online:${other}:x`)).toBe(`online:${other}:x`);
  });
});
