import { type ConsentDecision, type LegalBasis, Purpose, isGranted, resolveConsent } from './consent.js';

const bases: Record<Purpose, LegalBasis> = {
  [Purpose.Personalization]: 'legitimate_interest',
  [Purpose.SupplierInsights]: 'legitimate_interest',
  [Purpose.TargetedOffers]: 'consent',
  [Purpose.PushMarketing]: 'consent',
};

let nextId = 1;
function decision(purpose: Purpose, granted: boolean, at: string, source = 'app'): ConsentDecision {
  return {
    id: String(nextId++),
    purpose,
    granted,
    basis: bases[purpose],
    source,
    noticeVersion: '1',
    actor: 'shopper',
    at: new Date(at),
    position: null,
  };
}

describe('resolveConsent', () => {
  it('applies each basis default to purposes never chosen', () => {
    const state = resolveConsent([], bases);
    expect(state.personalization).toEqual({ granted: true, basis: 'legitimate_interest', source: 'default', updatedAt: null });
    expect(state.targeted_offers).toEqual({ granted: false, basis: 'consent', source: 'default', updatedAt: null });
    expect(state.push_marketing.granted).toBe(false);
    expect(state.supplier_insights.granted).toBe(true);
  });

  it('lets the latest decision win, whatever the order given', () => {
    const grant = decision(Purpose.TargetedOffers, true, '2026-01-01T00:00:00Z', 'web');
    const withdraw = decision(Purpose.TargetedOffers, false, '2026-02-01T00:00:00Z', 'store');
    for (const order of [
      [grant, withdraw],
      [withdraw, grant],
    ]) {
      const state = resolveConsent(order, bases);
      expect(state.targeted_offers).toEqual({ granted: false, basis: 'consent', source: 'store', updatedAt: withdraw.at });
    }
  });

  it('breaks ties in time by ledger order', () => {
    const a = decision(Purpose.Personalization, false, '2026-01-01T00:00:00Z');
    const b = decision(Purpose.Personalization, true, '2026-01-01T00:00:00Z');
    expect(resolveConsent([b, a], bases).personalization.granted).toBe(true);
  });

  it('records an objection to a legitimate-interest purpose', () => {
    const state = resolveConsent([decision(Purpose.Personalization, false, '2026-03-01T00:00:00Z')], bases);
    expect(state.personalization.granted).toBe(false);
    expect(state.supplier_insights.granted).toBe(true);
  });
});

describe('isGranted', () => {
  it('uses the explicit choice, else the basis default', () => {
    expect(isGranted({}, Purpose.Personalization, bases)).toBe(true);
    expect(isGranted({}, Purpose.TargetedOffers, bases)).toBe(false);
    expect(isGranted({ [Purpose.TargetedOffers]: true }, Purpose.TargetedOffers, bases)).toBe(true);
    expect(isGranted({ [Purpose.Personalization]: false }, Purpose.Personalization, bases)).toBe(false);
  });
});
