import { type CampaignCounts, toCampaignStats } from './campaign-stats.js';

const zero: CampaignCounts = {
  audience: 0,
  holdout: 0,
  noConsent: 0,
  frequencyCap: 0,
  budget: 0,
  deferredQuietHours: 0,
  queued: 0,
  deliveredInApp: 0,
  deliveredPush: 0,
  failed: 0,
  seen: 0,
  convertedTreatment: 0,
  convertedHoldout: 0,
  spentCents: 0,
};

describe('campaign stats', () => {
  it('computes intention-to-treat conversion and uplift', () => {
    const stats = toCampaignStats({ ...zero, audience: 1000, holdout: 200, convertedTreatment: 80, convertedHoldout: 10 }, null);
    expect(stats.conversion).toEqual({ treatment: 0.1, holdout: 0.05 });
    expect(stats.uplift).toEqual({ absolute: 0.05, relative: 1 });
    expect(stats.converted).toBe(80);
  });

  it('has no rate for an empty group and no relative uplift over a zero baseline', () => {
    expect(toCampaignStats({ ...zero, audience: 10 }, null)).toMatchObject({
      conversion: { treatment: 0, holdout: null },
      uplift: { absolute: null, relative: null },
    });
    expect(toCampaignStats({ ...zero, audience: 10, holdout: 5, convertedTreatment: 1 }, null).uplift).toEqual({
      absolute: 0.2,
      relative: null,
    });
  });

  it('maps the counts to the contract shape', () => {
    const at = new Date();
    const stats = toCampaignStats(
      { ...zero, audience: 5, noConsent: 1, frequencyCap: 2, budget: 3, deliveredInApp: 4, spentCents: 40 },
      at,
    );
    expect(stats).toMatchObject({
      suppressed: { noConsent: 1, frequencyCap: 2, budget: 3 },
      delivered: { in_app: 4, push: 0 },
      spentCents: 40,
      dispatchCompletedAt: at,
    });
  });
});
