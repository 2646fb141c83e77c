import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { QueueName } from '../../infra/queue/queue-names.js';
import { QueueWorkers } from '../../infra/queue/queue-workers.js';
import { PushService } from '../push/push.service.js';
import type { Delivery } from './domain/decision.js';
import { OffersRepository } from './offers.repository.js';

/** A cart-triggered delivery to store (dates as ISO strings, as job data is JSON). */
export interface OfferRecordJob {
  campaignId: string;
  pseudonym: string;
  at: string;
  delivery: Omit<Delivery, 'expiresAt'> & { expiresAt: string };
}

/**
 * Stores cart-triggered deliveries off the live path, then enqueues their push send when one is
 * pending. Safe to run twice: the inbox row is keyed by (campaign, shopper), the push job by the
 * delivery id (and settled pushes are never sent again).
 */
@Injectable()
export class OfferRecordProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly workers: QueueWorkers,
    private readonly repository: OffersRepository,
    private readonly push: PushService,
    @InjectQueue(QueueName.OfferRecord) private readonly queue: Queue<OfferRecordJob>,
  ) {}

  onApplicationBootstrap(): void {
    this.workers.start(this.queue, { process: (job) => this.process(job) });
  }

  private async process(job: Job<OfferRecordJob>): Promise<void> {
    await recordOffer(this.repository, job.data);
    const { campaignId, pseudonym, delivery } = job.data;
    if (delivery.pushStatus === 'pending') await this.push.enqueue([{ campaignId, pseudonym, deliveryId: delivery.id }]);
  }
}

/** Stores a cart-triggered delivery (from its job, or early when the shopper acts on it first). */
export async function recordOffer(repository: OffersRepository, data: OfferRecordJob): Promise<void> {
  const { campaignId, pseudonym, at, delivery } = data;
  await repository.record(campaignId, {
    channel: delivery.channel,
    pushStatus: delivery.pushStatus,
    costCents: delivery.costCents,
    delivered: [
      {
        pseudonym,
        id: delivery.id,
        at: Date.parse(at),
        expiresAt: Date.parse(delivery.expiresAt),
        consent: delivery.consentPosition ?? '',
      },
    ],
    suppressed: [],
    decidedAt: Date.parse(at),
  });
}
