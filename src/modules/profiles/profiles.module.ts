import { Module } from '@nestjs/common';
import { PurchasesModule } from '../purchases/purchases.module.js';
import { ProfileRebuildQueueModule } from './profile-rebuild-queue.module.js';
import { ProfileRebuildProcessor } from './profile-rebuild.processor.js';
import { ProfileStore } from './profile.store.js';
import { ProfilesPurchaseListener } from './profiles-purchase.listener.js';
import { ProfilesController } from './profiles.controller.js';
import { ProfilesRepository } from './profiles.repository.js';
import { ProfilesService } from './profiles.service.js';

@Module({
  imports: [PurchasesModule, ProfileRebuildQueueModule],
  controllers: [ProfilesController],
  providers: [ProfileStore, ProfilesRepository, ProfilesService, ProfilesPurchaseListener, ProfileRebuildProcessor],
  exports: [ProfilesService, ProfileRebuildQueueModule],
})
export class ProfilesModule {}
