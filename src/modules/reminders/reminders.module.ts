import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QueueName } from '../../infra/queue/queue-names.js';
import { ProfilesModule } from '../profiles/profiles.module.js';
import { PopulationStatsProcessor } from './population-stats.processor.js';
import { PopulationStatsService } from './population-stats.service.js';
import { RemindersService } from './reminders.service.js';

@Module({
  imports: [ProfilesModule, BullModule.registerQueue({ name: QueueName.PopulationStats })],
  providers: [RemindersService, PopulationStatsService, PopulationStatsProcessor],
  exports: [RemindersService, PopulationStatsService],
})
export class RemindersModule {}
