import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QueueName } from '../../infra/queue/queue-names.js';
import { PurchasesModule } from '../purchases/purchases.module.js';
import { ProfileRebuildProcessor, ProfileRebuildScheduler } from './profile-rebuild.processor.js';
import { ProfileStore } from './profile-store.js';
import { ProfilesPurchaseListener } from './profiles-purchase.listener.js';
import { ProfilesController } from './profiles.controller.js';
import { ProfilesRepository } from './profiles.repository.js';
import { ProfilesService } from './profiles.service.js';

@Module({
  imports: [PurchasesModule, BullModule.registerQueue({ name: QueueName.ProfileRebuild })],
  controllers: [ProfilesController],
  providers: [ProfileStore, ProfilesRepository, ProfilesService, ProfilesPurchaseListener, ProfileRebuildScheduler, ProfileRebuildProcessor],
  exports: [ProfilesService, ProfileRebuildScheduler],
})
export class ProfilesModule {}
