import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { DeliveriesUnshownEvent } from '../push/deliveries-unshown.event.js';
import { CampaignBudget } from './campaign-budget.service.js';

/** Gives a campaign back what its unshown deliveries cost (budget and cap slot). */
@Injectable()
export class CampaignRefundsListener {
  constructor(private readonly budget: CampaignBudget) {}

  @OnEvent(DeliveriesUnshownEvent.key, { suppressErrors: false })
  async onDeliveriesUnshown({ campaignId, pseudonyms }: DeliveriesUnshownEvent): Promise<void> {
    await this.budget.refund(campaignId, pseudonyms);
  }
}
