/** The counts the stats endpoint is built from (one SQL pass over the audience and deliveries). */
export interface CampaignCounts {
  audience: number;
  holdout: number;
  noConsent: number;
  frequencyCap: number;
  budget: number;
  deferredQuietHours: number;
  queued: number;
  deliveredInApp: number;
  deliveredPush: number;
  failed: number;
  seen: number;
  convertedTreatment: number;
  convertedHoldout: number;
  spentCents: number;
}

/** Push figures beside the delivery counts (an extension of the stats shape). */
export interface CampaignPushStats {
  /** Providers not configured on this service: their devices cannot be reached. */
  unavailable: string[];
  /** Providers whose sends wait now, after they refused Panier's credentials. */
  halted: string[];
  /** The campaign's deliveries by push status (sent, pending, no_device, connected, unavailable…). */
  statuses: Record<string, number>;
  /** Every request to a provider, by provider and outcome (sent, retry, dead, unauthorized, rejected, unsupported). */
  attempts: Record<string, Record<string, number>>;
}

export interface CampaignStats {
  audience: number;
  holdout: number;
  suppressed: { noConsent: number; frequencyCap: number; budget: number };
  deferredQuietHours: number;
  queued: number;
  delivered: { in_app: number; push: number };
  failed: number;
  seen: number;
  converted: number;
  spentCents: number;
  conversion: { treatment: number | null; holdout: number | null };
  uplift: { absolute: number | null; relative: number | null };
  dispatchCompletedAt: Date | null;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Intention to treat: conversion is converted shoppers over every shopper of the group, whether
 * or not the offer reached them. `converted` counts the treatment group. Rates are fractions
 * (0.042 = 4.2 %), null for an empty group; relative uplift is null when the holdout converted 0.
 */
export function toCampaignStats(c: CampaignCounts, dispatchCompletedAt: Date | null): CampaignStats {
  const treatmentSize = c.audience - c.holdout;
  const treatment = treatmentSize > 0 ? c.convertedTreatment / treatmentSize : null;
  const holdout = c.holdout > 0 ? c.convertedHoldout / c.holdout : null;
  const both = treatment !== null && holdout !== null;
  return {
    audience: c.audience,
    holdout: c.holdout,
    suppressed: { noConsent: c.noConsent, frequencyCap: c.frequencyCap, budget: c.budget },
    deferredQuietHours: c.deferredQuietHours,
    queued: c.queued,
    delivered: { in_app: c.deliveredInApp, push: c.deliveredPush },
    failed: c.failed,
    seen: c.seen,
    converted: c.convertedTreatment,
    spentCents: c.spentCents,
    conversion: { treatment: treatment === null ? null : round(treatment), holdout: holdout === null ? null : round(holdout) },
    uplift: {
      absolute: both ? round(treatment - holdout) : null,
      relative: both && holdout > 0 ? round((treatment - holdout) / holdout) : null,
    },
    dispatchCompletedAt,
  };
}
