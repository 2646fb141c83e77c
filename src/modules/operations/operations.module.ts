import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller.js';
import { MetricsController } from './metrics.controller.js';
import { QueueDepthMetrics } from './queue-depth.metrics.js';

@Module({ imports: [TerminusModule], controllers: [HealthController, MetricsController], providers: [QueueDepthMetrics] })
export class OperationsModule {}
