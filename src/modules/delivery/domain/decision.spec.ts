import { type Decision, haltOf, toSends } from './decision.js';
import { deliveryIdOf } from './offer.js';

const now = new Date('2026-11-29T10:00:00Z');
const at = new Date('2026-11-29T09:59:59.500Z');
const terms = { campaignId: 'c', costCents: 25, validDays: 3, wantsPush: false };

describe('decisions to sends', () => {
  it('stores deliveries, including one decided by a crashed attempt, with the decision time', () => {
    const sends = toSends([{ pseudonym: 'a', outcome: 'deliver', at }, { pseudonym: 'b', outcome: 'already', at }], terms, now);
    expect(sends).toEqual([
      { pseudonym: 'a', at, delivery: { id: deliveryIdOf('c', 'a'), channel: 'in_app', pushStatus: null, costCents: 25, expiresAt: new Date('2026-12-02T09:59:59.500Z') } },
      { pseudonym: 'b', at, delivery: { id: deliveryIdOf('c', 'b'), channel: 'in_app', pushStatus: null, costCents: 25, expiresAt: new Date('2026-12-02T09:59:59.500Z') } },
    ]);
    const [push] = toSends([{ pseudonym: 'a', outcome: 'deliver', at }], { ...terms, wantsPush: true }, now);
    expect('delivery' in push && push.delivery.pushStatus).toBe('unavailable');
  });

  it('stores suppressions and leaves halted or outside shoppers alone', () => {
    const decisions: Decision[] = [
      { pseudonym: 'a', outcome: 'no_consent' },
      { pseudonym: 'b', outcome: 'frequency_cap' },
      { pseudonym: 'c', outcome: 'budget' },
      { pseudonym: 'd', outcome: 'halt', status: 'paused' },
      { pseudonym: 'e', outcome: 'outside' },
    ];
    expect(toSends(decisions, terms, now)).toEqual([
      { pseudonym: 'a', at: now, suppressed: 'no_consent' },
      { pseudonym: 'b', at: now, suppressed: 'frequency_cap' },
      { pseudonym: 'c', at: now, suppressed: 'budget' },
    ]);
    expect(haltOf(decisions)).toBe('paused');
    expect(haltOf([])).toBeUndefined();
  });
});
