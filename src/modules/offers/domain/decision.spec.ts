import { type Decision, haltOf, parseDecisionReply, sendTermsOf, toDecidedBatch, toSends } from './decision.js';
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

describe('a chunk decided by one script call', () => {
  it('reads one code per shopper, the decision time, the original times of earlier deliveries, and the consent positions read', () => {
    const reply = ['DACFBOUD', '1764410400000', '1764400000000', '7', ''];
    expect(parseDecisionReply(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], reply)).toEqual([
      { pseudonym: 'a', outcome: 'deliver', at: new Date(1764410400000), consentPosition: '7' },
      { pseudonym: 'b', outcome: 'already', at: new Date(1764400000000) },
      { pseudonym: 'c', outcome: 'no_consent' },
      { pseudonym: 'd', outcome: 'frequency_cap' },
      { pseudonym: 'e', outcome: 'budget' },
      { pseudonym: 'f', outcome: 'outside' },
      'unknown',
      { pseudonym: 'h', outcome: 'deliver', at: new Date(1764410400000), consentPosition: null },
    ]);
  });

  it('halts every shopper of a call with the status that stopped it', () => {
    expect(parseDecisionReply(['a', 'b'], ['HH', 'paused'])).toEqual([
      { pseudonym: 'a', outcome: 'halt', status: 'paused' },
      { pseudonym: 'b', outcome: 'halt', status: 'paused' },
    ]);
  });

  it('refuses a reply that does not match the shoppers asked about', () => {
    expect(() => parseDecisionReply(['a'], ['DD', '1'])).toThrow('decision reply for 2 shoppers, 1 asked');
    expect(() => parseDecisionReply(['a'], ['X', '1'])).toThrow('unexpected offer decision X');
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
