import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { Gauge } from 'prom-client';
import { QueueName } from '../../infra/queue/queue-names.js';
import { MetricsService } from '../../infra/metrics/metrics.service.js';

const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;

/**
 * Every queue's jobs by state, read from Redis when /metrics is scraped (not kept in this
 * process): a fan-out's progress, a stuck queue (waiting grows, active stays 0) or a burst of
 * failures shows on any API instance, whichever process runs the workers.
 */
@Injectable()
export class QueueDepthMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    const queues = Object.values(QueueName).map((name) => this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
    new Gauge({
      name: 'panier_queue_jobs',
      help: 'Jobs of each BullMQ queue by state, read at scrape time',
      labelNames: ['queue', 'state'] as const,
      registers: [this.metrics.registry],
      async collect() {
        const counts = await Promise.all(queues.map((q) => q.getJobCounts(...STATES)));
        this.reset();
        queues.forEach((q, i) => {
          for (const state of STATES) this.set({ queue: q.name, state }, counts[i][state] ?? 0);
        });
      },
    });
  }
}
