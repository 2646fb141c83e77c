import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QueueName } from '../../infra/queue/queue-names.js';
import { ProfileRebuildScheduler } from './profile-rebuild.processor.js';

/** Starting a profile rebuild, without running its worker (for command-line imports). */
const queue = BullModule.registerQueue({ name: QueueName.ProfileRebuild });

@Module({
  imports: [queue],
  providers: [ProfileRebuildScheduler],
  exports: [ProfileRebuildScheduler, queue],
})
export class ProfileRebuildQueueModule {}
