import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { QueueName } from '../../infra/queue/queue-names.js';
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
@Processor(QueueName.OfferRecord)
export class OfferRecordProcessor extends WorkerHost {
  constructor(
    private readonly repository: OffersRepository,
    private readonly push: PushService,
  ) {
    super();
  }

  async process(job: Job<OfferRecordJob>): Promise<void> {
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
    delivered: [{ pseudonym, id: delivery.id, at: Date.parse(at), expiresAt: Date.parse(delivery.expiresAt) }],
    suppressed: [],
    decidedAt: Date.parse(at),
  });
}
