import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { CampaignDispatchedEvent, CampaignOfferInactiveEvent } from './campaign-fan-out.events.js';
import { CampaignStatusService } from './campaign-status.service.js';

/** The status changes the fan-out reports; a failure fails the fan-out's step, which looks again. */
@Injectable()
export class CampaignStatusListener {
  constructor(private readonly status: CampaignStatusService) {}

  @OnEvent(CampaignDispatchedEvent.key, { suppressErrors: false })
  async onDispatched({ campaignId }: CampaignDispatchedEvent): Promise<void> {
    await this.status.onTimer(campaignId, 'complete');
  }

  @OnEvent(CampaignOfferInactiveEvent.key, { suppressErrors: false })
  async onOfferInactive({ campaignId }: CampaignOfferInactiveEvent): Promise<void> {
    await this.status.apply(campaignId, 'pause');
  }
}
