/**
 * Every shopper of a broadcast is decided (its last chunk, or a launch with nobody to send to):
 * the campaign is complete. Awaited by the fan-out, whose retry publishes it again.
 */
export class CampaignDispatchedEvent {
  static readonly key = 'campaigns.dispatched';

  constructor(readonly campaignId: string) {}
}

/** A fan-out chunk found offered products inactive: the campaign must pause (resumable once they are active again). */
export class CampaignOfferInactiveEvent {
  static readonly key = 'campaigns.offer-inactive';

  constructor(
    readonly campaignId: string,
    readonly skus: readonly string[],
  ) {}
}
