import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QueueName } from '../../infra/queue/queue-names.js';
import { ProfileRebuildScheduler } from './profile-rebuild.processor.js';

/** Starting a profile rebuild, without running its worker (for command-line imports). */
@Module({
  imports: [BullModule.registerQueue({ name: QueueName.ProfileRebuild })],
  providers: [ProfileRebuildScheduler],
  exports: [ProfileRebuildScheduler],
})
export class ProfileRebuildQueueModule {}
