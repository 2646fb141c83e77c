import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppError } from '../../common/errors/app-error.js';
import { decodeCursor, encodeCursor, type Page, pageOf } from '../../common/http/pagination.js';
import { removeIdleJobsOf, removeJobEvents } from '../../infra/queue/personal-jobs.js';
import { QueueName, jobId } from '../../infra/queue/queue-names.js';
import { PushService } from '../push/push.service.js';
import { LiveCampaigns } from './live-campaigns.store.js';
import type { OfferPayload } from '../shopper-channel/domain/offer-payload.js';
import { type OfferRecordJob, recordOffer } from './offer-record.processor.js';
import { type DeliveryRecord, OffersRepository } from './offers.repository.js';

/** The shopper's side of offers: the inbox, seen and dismissed, and what GET /v1/me/data lists. */
@Injectable()
export class OffersService {
  constructor(
    private readonly repository: OffersRepository,
    private readonly live: LiveCampaigns,
    @InjectQueue(QueueName.OfferRecord) private readonly records: Queue<OfferRecordJob>,
    private readonly push: PushService,
  ) {}

  /** Delivered, still valid and not dismissed, newest first, a page at a time. A later consent withdrawal does not hide them. */
  async inbox(pseudonym: string, limit: number, cursor?: string): Promise<Page<OfferPayload>> {
    const rows = await this.repository.inbox(pseudonym, new Date(), limit + 1, decodeCursor(cursor));
    return pageOf(rows, limit, (o) => encodeCursor(new Date(o.deliveredAt), o.deliveryId));
  }

  /** `offer:seen`: idempotent; NOT_FOUND when the delivery is not the shopper's. */
  async markSeen(pseudonym: string, deliveryId: string): Promise<void> {
    await this.mark(pseudonym, deliveryId, 'seen');
  }

  /** `offer:dismiss`: the offer leaves the inbox (and counts as seen). */
  async dismiss(pseudonym: string, deliveryId: string): Promise<void> {
    await this.mark(pseudonym, deliveryId, 'dismissed');
  }

  /**
   * A cart-triggered offer reaches the socket before its inbox row (stored by a queued job, off
   * the live path): a shopper acting on it at once has the row stored first, from that job.
   */
  private async mark(pseudonym: string, deliveryId: string, what: 'seen' | 'dismissed'): Promise<void> {
    if (await this.repository.mark(pseudonym, deliveryId, what)) return;
    const pending = await this.records.getJob(jobId('offer', deliveryId));
    if (pending?.data.pseudonym === pseudonym) {
      await recordOffer(this.repository, pending.data);
      if (await this.repository.mark(pseudonym, deliveryId, what)) return;
    }
    throw AppError.notFound('Offer');
  }

  /** The `deliveries` of GET /v1/me/data. */
  deliveriesOf(pseudonym: string): Promise<DeliveryRecord[]> {
    return this.repository.deliveriesOf(pseudonym);
  }

  /**
   * Erasure (and retention of inactive shoppers): the shopper's deliveries, suppressions and
   * audience rows, the offer history Redis keeps for caps, finished offer-record jobs and queued
   * push sends. Campaign totals lose the shopper.
   */
  async eraseShopper(pseudonym: string): Promise<{ deliveries: number; suppressions: number; audiences: number }> {
    await this.live.forgetShopper(pseudonym);
    // Cart-triggered offers whose recording failed keep the pseudonym in their job data.
    const failed = await removeIdleJobsOf(this.records, pseudonym);
    const deliveries = await this.repository.deliveriesOf(pseudonym);
    // Push sends name the shopper: removed first (one running now finds the delivery gone).
    await this.push.forget(deliveries.filter((d) => d.pushStatus !== null).map((d) => d.deliveryId));
    // Job ids name the deliveries, and the queues' event streams keep them after the jobs.
    await removeJobEvents(this.records, new Set([...failed, ...deliveries.map((d) => jobId('offer', d.deliveryId))]));
    await this.push.forgetEvents(deliveries.map((d) => d.deliveryId));
    return this.repository.erase(pseudonym);
  }
}
