import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config.js';
import { JobName, QueueName, jobId } from '../../infra/queue/queue-names.js';
import { removeJobEvents } from '../../infra/queue/personal-jobs.js';
import { DomainEvents } from '../../infra/events/domain-events.js';
import { DeliveriesUnshownEvent } from './deliveries-unshown.event.js';
import { PushMetrics } from './push.metrics.js';
import { PushProviders } from './push-providers.service.js';
import { type PendingCursor, type PushDelivery, type PushFigures, PushRepository } from './push.repository.js';
import type { PushProviderName } from '../devices/domain/device.js';

/**
 * One push send: a delivery to every device of its shopper, read at the moment of sending. Job
 * id `push-<deliveryId>`. `sent` lists the devices an earlier attempt reached (a retry tries only
 * the others).
 */
export interface PushJob extends PushDelivery {
  sent?: string[];
}

/** What campaign stats show of push (see PushService.campaignFigures). */
export interface CampaignPushFigures extends PushFigures {
  unavailable: PushProviderName[];
  halted: PushProviderName[];
}

/** Pending pushes looked at per sweep. */
const SWEEP_BATCH = 1000;

/** The retry strategy of push jobs (see PushProcessor): exponential, or the provider's Retry-After. */
export const PUSH_BACKOFF = 'push';

/**
 * What the offers module asks of push: whether it is configured, enqueueing the sends of new
 * deliveries, and forgetting an erased shopper's queued sends.
 */
@Injectable()
export class PushService {
  /** Where this instance's sweep stopped (per instance: instances sweeping in step only repeat work). */
  private sweepCursor: PendingCursor | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly providers: PushProviders,
    private readonly repository: PushRepository,
    private readonly metrics: PushMetrics,
    private readonly events: DomainEvents,
    @InjectQueue(QueueName.Push) private readonly queue: Queue<PushJob>,
  ) {}

  /**
   * A campaign's push figures for its stats: the providers not configured here (their devices
   * cannot register; push to them shows as `unavailable`, never as 0 sent) or halted now, its
   * deliveries by push status, and every request by provider and outcome.
   */
  async campaignFigures(campaignId: string): Promise<CampaignPushFigures> {
    const figures = await this.repository.figures(campaignId);
    return { unavailable: this.providers.unavailable, halted: this.providers.halted, ...figures };
  }

  /** Whether any push provider is configured (else push campaigns record `unavailable`). */
  get configured(): boolean {
    return this.providers.configured;
  }

  /**
   * After a fan-out chunk is stored: its pending pushes are enqueued, those of shoppers without a
   * device settled `no_device` (a push-only one gets its charge and cap slot back). Safe to repeat
   * (deterministic job ids; a job whose delivery is already settled sends nothing; a charge is
   * given back once). Returns how many were enqueued.
   */
  async enqueueChunk(campaignId: string, chunk: number): Promise<number> {
    const { toSend, noDevice, unshown } = await this.repository.pendingOfChunk(campaignId, chunk);
    if (noDevice > 0) this.metrics.outcomes.inc({ status: 'no_device' }, noDevice);
    if (unshown.length > 0) await this.events.publish(new DeliveriesUnshownEvent(campaignId, unshown), { required: true });
    await this.enqueue(toSend);
    return toSend.length;
  }

  /** Enqueues the push sends of stored deliveries whose push is pending. */
  async enqueue(deliveries: readonly PushDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    const push = this.config.push;
    await this.queue.addBulk(
      deliveries.map((d) => ({
        name: JobName.PushSend,
        data: { campaignId: d.campaignId, pseudonym: d.pseudonym, deliveryId: d.deliveryId },
        // Not kept once done: the delivery's push status is the record, a kept job would only hold a pseudonym.
        opts: {
          jobId: pushJobId(d.deliveryId),
          attempts: push.attempts,
          backoff: { type: PUSH_BACKOFF, delay: push.backoffMs },
          removeOnComplete: true,
        },
      })),
    );
  }

  /**
   * Pending pushes whose job is gone (lost with Redis, or never enqueued: a process that died
   * between storing the delivery and enqueueing it) are enqueued again; those whose job failed for
   * good without recording it are handed back to settle. Jobs still waiting or retrying are left.
   */
  async sweep(
    olderThanMs: number,
    settle: (job: PushJob) => Promise<void>,
    batch = SWEEP_BATCH,
  ): Promise<{ enqueued: number; settled: number }> {
    // A page per run, each after the last: pushes waiting out quiet hours (many, overnight) do not
    // hide the lost ones behind them; past the end, the next run starts again from the oldest.
    const page = await this.repository.pendingSince(new Date(Date.now() - olderThanMs), batch, this.sweepCursor);
    this.sweepCursor = page.deliveries.length < batch ? undefined : page.last;
    const stale = page.deliveries;
    const lost: PushDelivery[] = [];
    let settled = 0;
    for (const delivery of stale) {
      const job = await this.queue.getJob(pushJobId(delivery.deliveryId));
      if (!job) lost.push(delivery);
      else if (await job.isFailed()) {
        await settle(job.data);
        settled++;
      }
    }
    await this.enqueue(lost);
    return { enqueued: lost.length, settled };
  }

  /**
   * Erasure: the shopper's push jobs (their data names the shopper), waiting, delayed or failed
   * (kept for diagnosis). A job running at that moment cannot be removed; right before contacting
   * the providers it finds the erasure open or the delivery gone (PushRepository.stillSendable),
   * and sends nothing. Returns how many were removed.
   */
  async forget(deliveryIds: readonly string[]): Promise<number> {
    const removed = await Promise.all(deliveryIds.map((id) => this.queue.remove(pushJobId(id)).catch(() => 0)));
    return removed.filter((n) => n === 1).length;
  }

  /** Erasure, after `forget`: the queue's events about these deliveries' jobs. */
  async forgetEvents(deliveryIds: readonly string[]): Promise<void> {
    await removeJobEvents(this.queue, new Set(deliveryIds.map(pushJobId)));
  }
}

export function pushJobId(deliveryId: string): string {
  return jobId('push', deliveryId);
}
