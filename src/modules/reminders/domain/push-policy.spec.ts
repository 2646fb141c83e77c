import { decidePush, DEFAULT_PUSH_POLICY, type PushInput } from './push-policy.js';
import type { Reminder } from './reminder-ranker.js';

const reminder = (sku: string, score = 1): Reminder => ({
  sku,
  score,
  reason: { timesBought: 3, lastBoughtAt: '2024-01-01T00:00:00.000Z' },
});
const input = (overrides: Partial<PushInput> = {}): PushInput => ({
  previous: [],
  next: [reminder('milk'), reminder('bread')],
  cartSize: 3,
  alreadyPushed: new Set(),
  ...overrides,
});

describe('decidePush', () => {
  it('waits until the cart holds minCartItems items', () => {
    expect(DEFAULT_PUSH_POLICY.minCartItems).toBe(3);
    expect(decidePush(input({ cartSize: 2 }))).toEqual({ push: false, reason: 'cart-too-small' });
    expect(decidePush(input({ cartSize: 3 })).push).toBe(true);
    expect(decidePush(input({ cartSize: 4 }), { minCartItems: 5 })).toEqual({ push: false, reason: 'cart-too-small' });
  });

  it('does not push the same list again, even reordered', () => {
    const previous = [reminder('bread'), reminder('milk')];
    expect(decidePush(input({ previous }))).toEqual({ push: false, reason: 'unchanged' });
    expect(decidePush(input({ previous: [], next: [] }))).toEqual({ push: false, reason: 'unchanged' });
  });

  it('pushes only the skus never pushed for this cart, in rank order', () => {
    const decision = decidePush(
      input({
        previous: [reminder('milk')],
        next: [reminder('eggs', 3), reminder('milk', 2), reminder('tea', 1)],
        alreadyPushed: new Set(['milk']),
      }),
    );
    expect(decision).toEqual({ push: true, reminders: [reminder('eggs', 3), reminder('tea', 1)] });
  });

  it('stays silent when every suggested sku was already pushed for this cart', () => {
    const decision = decidePush(input({ previous: [reminder('tea')], next: [reminder('milk')], alreadyPushed: new Set(['milk', 'tea']) }));
    expect(decision).toEqual({ push: false, reason: 'nothing-new' });
  });
});
