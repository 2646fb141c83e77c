/** Every BullMQ queue, kebab-case nouns; each has its worker beside the service that handles it. */
export enum QueueName {
  ProfileRebuild = 'profile-rebuild',
  CampaignLaunch = 'campaign-launch',
  CampaignDispatch = 'campaign-dispatch',
  CampaignTimer = 'campaign-timer',
  OfferRecord = 'offer-record',
  Push = 'push',
  Erasure = 'erasure',
  Retention = 'retention',
  PopulationStats = 'population-stats',
}

/** Every job name, noun-then-verb. */
export enum JobName {
  ProfileRebuild = 'ProfileRebuild',
  CampaignLaunch = 'CampaignLaunch',
  CampaignChunkSend = 'CampaignChunkSend',
  CampaignStart = 'CampaignStart',
  CampaignEnd = 'CampaignEnd',
  OfferRecord = 'OfferRecord',
  PushSend = 'PushSend',
  ShopperErase = 'ShopperErase',
  RetentionRun = 'RetentionRun',
  PopulationStatsBuild = 'PopulationStatsBuild',
}

/**
 * Deterministic job ids: BullMQ refuses `:` in custom ids and treats all-digit ids as its own.
 * Parts are joined with `-`; callers pass stable parts (a campaign id, a chunk number).
 */
export function jobId(...parts: Array<string | number>): string {
  const id = parts.map((p) => String(p).replaceAll(':', '_')).join('-');
  return /^\d+$/.test(id) ? `j-${id}` : id;
}
