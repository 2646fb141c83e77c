import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QueueName } from '../../infra/queue/queue-names.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { ConsentModule } from '../consent/consent.module.js';
import { DeliveryModule } from '../delivery/delivery.module.js';
import { PurchasesModule } from '../purchases/purchases.module.js';
import { SuppliersModule } from '../suppliers/suppliers.module.js';
import { AudienceRepository } from './audience.repository.js';
import { CampaignChunkQueue } from './campaign-chunk-queue.js';
import { CampaignChunkSender } from './campaign-chunk.sender.js';
import { CampaignLaunchQueue } from './campaign-launch-queue.js';
import { CampaignLauncher } from './campaign-launcher.js';
import { CampaignStatusService } from './campaign-status.service.js';
import { CampaignWorkers } from './campaign-workers.js';
import { CampaignsController } from './campaigns.controller.js';
import { CampaignsRepository } from './campaigns.repository.js';
import { CampaignsService } from './campaigns.service.js';
import { CampaignConversionsListener } from './conversions.listener.js';
import { ConversionsRepository } from './conversions.repository.js';
import { DispatchRepository } from './dispatch.repository.js';

/**
 * Campaigns (docs/campaigns-and-push.md): drafts and their validation, the lifecycle, audiences
 * fixed at launch, the paced fan-out, conversions and stats. Sends go through DeliveryModule.
 */
@Module({
  imports: [
    SuppliersModule,
    CatalogModule,
    ConsentModule,
    PurchasesModule,
    DeliveryModule,
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
    CampaignWorkers,
    CampaignConversionsListener,
  ],
  exports: [CampaignsService],
})
export class CampaignsModule {}
