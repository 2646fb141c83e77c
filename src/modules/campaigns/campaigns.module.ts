import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QueueName } from '../../infra/queue/queue-names.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { ConsentModule } from '../consent/consent.module.js';
import { OffersModule } from '../offers/offers.module.js';
import { PushModule } from '../push/push.module.js';
import { PurchasesModule } from '../purchases/purchases.module.js';
import { SuppliersModule } from '../suppliers/suppliers.module.js';
import { AudienceRepository } from './campaign-audience.repository.js';
import { CampaignChunkQueue } from './campaign-chunk.queue.js';
import { CampaignBudget } from './campaign-budget.service.js';
import { CampaignDispatchStore } from './campaign-dispatch.store.js';
import { CampaignRefundsListener } from './campaign-refunds.listener.js';
import { CampaignChunkSender } from './campaign-chunk.sender.js';
import { CampaignLaunchQueue } from './campaign-launch.queue.js';
import { CampaignLauncher } from './campaign-launcher.service.js';
import { CampaignStatusService } from './campaign-status.service.js';
import { CampaignFanOutProcessor } from './campaign-fan-out.processor.js';
import { CampaignStatusListener } from './campaign-status.listener.js';
import { CampaignTimerProcessor } from './campaign-timer.processor.js';
import { CampaignsController } from './campaigns.controller.js';
import { CampaignsRepository } from './campaigns.repository.js';
import { CampaignsService } from './campaigns.service.js';
import { CampaignConversionsListener } from './campaign-conversions.listener.js';
import { ConversionsRepository } from './campaign-conversions.repository.js';
import { DispatchRepository } from './campaign-dispatch.repository.js';

/**
 * Campaigns (docs/campaigns-and-push.md): drafts and their validation, the lifecycle, audiences
 * fixed at launch, the paced fan-out, conversions and stats. Sends go through OffersModule.
 */
@Module({
  imports: [
    SuppliersModule,
    CatalogModule,
    ConsentModule,
    PurchasesModule,
    OffersModule,
    PushModule,
    BullModule.registerQueue({ name: QueueName.CampaignLaunch }, { name: QueueName.CampaignDispatch }, { name: QueueName.CampaignTimer }),
  ],
  controllers: [CampaignsController],
  providers: [
    CampaignsRepository,
    AudienceRepository,
    DispatchRepository,
    ConversionsRepository,
    CampaignsService,
    CampaignChunkQueue,
    CampaignLaunchQueue,
    CampaignLauncher,
    CampaignStatusService,
    CampaignChunkSender,
    CampaignFanOutProcessor,
    CampaignTimerProcessor,
    CampaignStatusListener,
    CampaignConversionsListener,
    CampaignBudget,
    CampaignDispatchStore,
    CampaignRefundsListener,
  ],
  exports: [CampaignsService],
})
export class CampaignsModule {}
