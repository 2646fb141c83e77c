import { randomUUID } from 'node:crypto';
import { holdoutBucket, isHoldout } from './holdout.js';

describe('holdout draw', () => {
  it('is stable for a shopper and campaign', () => {
    const c = randomUUID();
    const p = randomUUID();
    expect(holdoutBucket(c, p)).toBe(holdoutBucket(c, p));
    expect(isHoldout(c, p, 0)).toBe(false);
    expect(isHoldout(c, p, 100)).toBe(true);
  });

  it('puts about the asked share of shoppers in the holdout', () => {
    const c = randomUUID();
    const n = 20_000;
    let held = 0;
    for (let i = 0; i < n; i++) if (isHoldout(c, randomUUID(), 20)) held++;
    expect(held / n).toBeGreaterThan(0.18);
    expect(held / n).toBeLessThan(0.22);
  });

  it('matches the SQL formula on a known value', () => {
    // md5('ab') = 187ef443…, 0x187ef443 = 410973251 (also what PostgreSQL computes).
    expect(holdoutBucket('a', 'b')).toBe(410973251 % 100);
  });
});
