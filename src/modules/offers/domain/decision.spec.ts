import {
  type Decision,
  haltOf,
  keepsCharge,
  parseShopperDecisions,
  parseTickets,
  sendTermsOf,
  toDecidedBatch,
  toSends,
} from './decision.js';
import { deliveryIdOf } from '../../shopper-channel/domain/offer-payload.js';

const now = new Date('2026-11-29T10:00:00Z');
const at = new Date('2026-11-29T09:59:59.500Z');
const terms = { campaignId: 'c', costCents: 25, validDays: 3, channel: 'in_app' as const, pushStatus: null };

describe('decisions to sends', () => {
  it('stores deliveries, including one decided by a crashed attempt, with the decision time', () => {
    const sends = toSends(
      [
        { pseudonym: 'a', outcome: 'deliver', at, consentPosition: '4' },
        { pseudonym: 'b', outcome: 'already', at },
      ],
      terms,
      now,
    );
    expect(sends).toEqual([
      {
        pseudonym: 'a',
        at,
        delivery: {
          id: deliveryIdOf('c', 'a'),
          channel: 'in_app',
          pushStatus: null,
          costCents: 25,
          expiresAt: new Date('2026-12-02T09:59:59.500Z'),
          consentPosition: '4',
        },
      },
      {
        pseudonym: 'b',
        at,
        delivery: {
          id: deliveryIdOf('c', 'b'),
          channel: 'in_app',
          pushStatus: null,
          costCents: 25,
          expiresAt: new Date('2026-12-02T09:59:59.500Z'),
          consentPosition: null,
        },
      },
    ]);
    const [push] = toSends([{ pseudonym: 'a', outcome: 'deliver', at, consentPosition: '1' }], { ...terms, pushStatus: 'pending' }, now);
    expect('delivery' in push && push.delivery.pushStatus).toBe('pending');
  });

  it('records in-app whenever the campaign offers it, and push pending only when push is configured', () => {
    const campaign = { id: 'c', costCents: 25, template: { validDays: 3 }, inApp: true, wantsPush: false };
    expect(sendTermsOf(campaign, true)).toEqual(terms);
    expect(sendTermsOf({ ...campaign, wantsPush: true }, true)).toMatchObject({ channel: 'in_app', pushStatus: 'pending' });
    expect(sendTermsOf({ ...campaign, wantsPush: true }, false)).toMatchObject({ channel: 'in_app', pushStatus: 'unavailable' });
    expect(sendTermsOf({ ...campaign, inApp: false, wantsPush: true }, true)).toMatchObject({ channel: 'push', pushStatus: 'pending' });
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

describe('a batch decided in three scripts (tickets, shoppers, settlement)', () => {
  it("reads each shopper's code, time and the consent position a delivery read", () => {
    const reply = ['D', '1764410400000', '7', 'A', '1764400000000', '', 'C', '', '', 'F', '', '', 'B', '', '', 'O', '', '', 'U', '', ''];
    expect(parseShopperDecisions(['a', 'b', 'c', 'd', 'e', 'f', 'g'], reply)).toEqual([
      { pseudonym: 'a', outcome: 'deliver', at: new Date(1764410400000), consentPosition: '7' },
      { pseudonym: 'b', outcome: 'already', at: new Date(1764400000000) },
      { pseudonym: 'c', outcome: 'no_consent' },
      { pseudonym: 'd', outcome: 'frequency_cap' },
      { pseudonym: 'e', outcome: 'budget' },
      { pseudonym: 'f', outcome: 'outside' },
      'unknown',
    ]);
  });

  it("reads the campaign's tickets, or the status that halted the whole batch", () => {
    expect(parseTickets(2, ['HH', 'paused'])).toEqual({ halted: 'paused' });
    expect(parseTickets(3, ['TNO', '20', '99', '2', '3600', '10', '', ''])).toEqual({
      codes: 'TNO',
      stamp: '20',
      ends: '99',
      capMax: '2',
      capMs: '3600',
      stamps: ['10', '', ''],
    });
  });

  it("keeps a ticket's charge only for a delivery, now or by an attempt that died before settling", () => {
    expect(keepsCharge({ pseudonym: 'a', outcome: 'deliver', at, consentPosition: null }, '5')).toBe(true);
    expect(keepsCharge({ pseudonym: 'a', outcome: 'already', at: new Date(5) }, '5')).toBe(true);
    expect(keepsCharge({ pseudonym: 'a', outcome: 'already', at: new Date(4) }, '5')).toBe(false);
    expect(keepsCharge({ pseudonym: 'a', outcome: 'no_consent' }, '5')).toBe(false);
    expect(keepsCharge('unknown', '5')).toBe(false);
  });

  it('refuses a reply that does not match the shoppers asked about', () => {
    expect(() => parseShopperDecisions(['a'], ['D', '1', '', 'D', '1', ''])).toThrow('decision reply for 2 shoppers, 1 asked');
    expect(() => parseShopperDecisions(['a'], ['X', '1', ''])).toThrow('unexpected offer decision X');
    expect(() => parseTickets(1, ['TT', '1'])).toThrow('ticket reply for 2 shoppers, 1 asked');
  });

  it('stores the chunk column-wise: deliveries with their time and expiry, suppressions with their reason', () => {
    const decisions: Decision[] = [
      { pseudonym: 'a', outcome: 'deliver', at, consentPosition: '2' },
      { pseudonym: 'b', outcome: 'already', at: now },
      { pseudonym: 'c', outcome: 'budget' },
      { pseudonym: 'd', outcome: 'halt', status: 'paused' },
      { pseudonym: 'e', outcome: 'outside' },
    ];
    expect(toDecidedBatch(decisions, { ...terms, pushStatus: 'unavailable' }, now)).toEqual({
      channel: 'in_app',
      pushStatus: 'unavailable',
      costCents: 25,
      delivered: [
        { pseudonym: 'a', id: deliveryIdOf('c', 'a'), at: at.getTime(), expiresAt: at.getTime() + 3 * 86_400_000, consent: '2' },
        { pseudonym: 'b', id: deliveryIdOf('c', 'b'), at: now.getTime(), expiresAt: now.getTime() + 3 * 86_400_000, consent: '' },
      ],
      suppressed: [{ pseudonym: 'c', reason: 'budget' }],
      decidedAt: now.getTime(),
    });
  });
});
