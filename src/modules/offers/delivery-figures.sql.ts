import { Prisma } from '../../generated/prisma/client.js';

/**
 * What each row counts for in a campaign's figures, as SQL conditions on `a` (campaign_audience)
 * and `d` (offer_deliveries): one definition for the stats (CampaignsRepository.counts) and for
 * the tallies an erasure keeps of the rows it deletes (OffersRepository.erase), so the two cannot
 * drift apart.
 */
export const AUDIENCE_FIGURES = {
  holdout: Prisma.sql`a.holdout`,
  deferred: Prisma.sql`a.deferred_at IS NOT NULL`,
  convertedTreatment: Prisma.sql`a.converted_at IS NOT NULL AND NOT a.holdout`,
  convertedHoldout: Prisma.sql`a.converted_at IS NOT NULL AND a.holdout`,
};

/**
 * in_app: stored in the inbox; push: the push reached a device (a delivery of an in-app + push
 * campaign counts in both); push failed: a push-only delivery whose push ended without reaching one.
 */
export const DELIVERY_FIGURES = {
  inApp: Prisma.sql`d.channel = 'in_app'`,
  push: Prisma.sql`d.push_status = 'sent'`,
  pushFailed: Prisma.sql`d.channel = 'push' AND d.push_status NOT IN ('pending', 'sent')`,
  seen: Prisma.sql`d.seen_at IS NOT NULL`,
};
