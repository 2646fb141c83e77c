import { Injectable, Logger } from '@nestjs/common';
import { ConsentService } from '../consent/consent.service.js';
import { Purpose } from '../consent/domain/consent.js';
import { DevicesService } from '../devices/devices.service.js';
import { ShopperPresence } from '../shopper-channel/shopper-presence.service.js';
import type { DeviceTarget } from '../devices/domain/device.js';
import { AppConfig } from '../../config/app-config.js';
import { classifyReply, type DeviceOutcome, type ProviderReply, retryDelay, verdictOf } from './domain/push-outcome.js';
import { nextAttempt } from './domain/push-schedule.js';
import { type PushMessage, toPushMessage } from './domain/push-message.js';
import { type PushStatus, refundsCharge } from './domain/push-status.js';
import { DomainEvents } from '../../infra/events/domain-events.js';
import { DeliveriesUnshownEvent } from './deliveries-unshown.event.js';
import { PushMetrics } from './push.metrics.js';
import { PushProviders } from './push-providers.service.js';
import { type AttemptRecord, PushRepository, type SendableDelivery } from './push.repository.js';
import type { PushJob } from './push.service.js';

/** Campaign statuses under which a pending push still goes out (a broadcast completes once all are decided). */
const SENDING_CAMPAIGN_STATUSES: ReadonlySet<string> = new Set(['running', 'completed']);

/** An attempt that reached devices, then failed to record its outcome: the retry must skip them. */
export class PushProgressError extends Error {
  constructor(
    readonly sent: string[],
    cause: unknown,
  ) {
    super('push sent but its outcome could not be recorded', { cause });
    this.name = 'PushProgressError';
  }
}

/**
 * What became of one attempt: its push `settled` (final status), to be retried in `delayMs`
 * (devices left to try: backoff, the provider's Retry-After, then the campaign's quiet hours), or
 * `deferred` untried until `until` (epoch ms) because it ran inside the quiet hours (no attempt used). `sent`: the devices
 * reached so far, this attempt's and earlier ones'.
 */
export type PushAttempt =
  | { kind: 'settled'; status: PushStatus; sent: string[] }
  | { kind: 'retry'; delayMs: number; sent: string[] }
  | { kind: 'deferred'; until: number };

/** Which attempt of its job this is. */
export interface AttemptCount {
  /** Attempts made before this one (0: the first). */
  attemptsMade: number;
  lastAttempt: boolean;
}

/**
 * One attempt of a push send, everything checked at the moment of sending: the delivery still
 * exists (an erased shopper's is gone; checked again right before the providers are contacted,
 * with no erasure of the shopper open) and is still pending (its final status is the once key),
 * the offer has not expired, its campaign is running (or completed), every offered product is
 * active, `targeted_offers` and `push_marketing` are granted (Redis copy, else
 * PostgreSQL), the shopper's app not connected (else the in-app offer is enough, unless the
 * campaign asks for both), and the shopper's devices as registered now. Dead tokens (404/410) delete their
 * device. Tokens are never logged. Quiet hours: a retry that would fall inside the campaign's is
 * put off to their end, and so is any attempt found running inside them (a backlog, the sweep),
 * except the first of a cart-triggered offer (it answers a shopper who is shopping); past the
 * offer's expiry it is `expired` instead. A push-only delivery that ends without reaching a device gets
 * its charge and frequency-cap slot back (PostgreSQL row first, then Redis, idempotently: a
 * retry that finds the status already final gives back what a crash left owed).
 */
@Injectable()
export class PushSender {
  private readonly logger = new Logger(PushSender.name);

  constructor(
    private readonly repository: PushRepository,
    private readonly providers: PushProviders,
    private readonly consent: ConsentService,
    private readonly devices: DevicesService,
    private readonly presence: ShopperPresence,
    private readonly metrics: PushMetrics,
    private readonly events: DomainEvents,
    private readonly config: AppConfig,
  ) {}

  /** Undefined when there is nothing to do (delivery gone or already settled). */
  async attempt(job: PushJob, count: AttemptCount): Promise<PushAttempt | undefined> {
    const delivery = await this.repository.sendable(job.campaignId, job.pseudonym);
    if (!delivery) return undefined;
    if (delivery.pushStatus !== 'pending') {
      await this.giveBackIfOwed(job, delivery);
      return undefined;
    }
    const already = job.sent ?? [];
    // Stopped before every device was reached: what an earlier attempt reached still counts as sent.
    const stop = (status: PushStatus) => this.settled(job, delivery.channel, already.length > 0 ? 'sent' : status, already);
    const stopped = stopReason(delivery);
    if (stopped) return stop(stopped);
    if (delivery.trigger === 'broadcast' || count.attemptsMade > 0) {
      const at = Date.now();
      const now = nextAttempt(at, 0, delivery.offer.expiresAt.getTime(), delivery.quietHours);
      if ('expired' in now) return stop('expired');
      // An absolute time: the job comes back exactly at the end of the quiet hours, whenever it is moved.
      if (now.delayMs > 0) return { kind: 'deferred', until: at + now.delayMs };
    }
    const [offers, push] = await Promise.all([
      this.consent.isGranted(job.pseudonym, Purpose.TargetedOffers),
      this.consent.isGranted(job.pseudonym, Purpose.PushMarketing),
    ]);
    if (!offers || !push) return stop('no_consent');
    // The in-app offer reached a connected app: a push on top only when the campaign asks for both.
    if (delivery.channel === 'in_app' && !delivery.pushWhenConnected && (await this.presence.isConnected(job.pseudonym)))
      return stop('connected');
    const targets = (await this.devices.targetsOf(job.pseudonym)).filter((d) => !already.includes(d.id));
    // The shopper may have been erased since the first read (the erasure deletes the delivery, or is
    // about to): nothing is sent, and the push is settled so that no sweep takes it up again while
    // an erasure that keeps failing stays open.
    if (targets.length > 0 && !(await this.repository.stillSendable(job.campaignId, job.pseudonym))) return stop('cancelled');
    const message = toPushMessage(delivery.offer);
    const tried = await Promise.all(targets.map((t) => this.sendTo(t, message)));
    const outcomes = tried.map((t) => t.outcome);
    await this.repository
      .recordAttempts(
        job.campaignId,
        job.pseudonym,
        tried.map((t) => t.record),
      )
      // The record must not make the devices reached be pushed again: a failure to write it is only logged.
      .catch((error: unknown) => this.logger.warn({ err: error, campaignId: job.campaignId }, 'could not record push attempts'));
    const sent = [...already, ...targets.filter((_, i) => outcomes[i].kind === 'sent').map((t) => t.id)];
    const verdict = verdictOf(outcomes, already.length, count.lastAttempt);
    if ('retry' in verdict) {
      const push = this.config.push;
      const next = nextAttempt(
        Date.now(),
        retryDelay(count.attemptsMade + 1, push.backoffMs, push.maxRetryDelayMs, verdict.afterMs),
        delivery.offer.expiresAt.getTime(),
        delivery.quietHours,
      );
      if ('delayMs' in next) return { kind: 'retry', delayMs: next.delayMs, sent };
    }
    const status = 'status' in verdict ? verdict.status : sent.length > 0 ? 'sent' : 'expired';
    try {
      return await this.settled(job, delivery.channel, status, sent);
    } catch (error) {
      // The devices reached must not be pushed again by the retry.
      throw new PushProgressError(sent, error);
    }
  }

  /** A job that failed its last attempt on an unexpected error: its delivery's push is `failed`. */
  async giveUp(job: PushJob): Promise<void> {
    const delivery = await this.repository.sendable(job.campaignId, job.pseudonym);
    if (!delivery) return;
    if (delivery.pushStatus !== 'pending') return this.giveBackIfOwed(job, delivery);
    await this.settled(job, delivery.channel, (job.sent ?? []).length > 0 ? 'sent' : 'failed', job.sent ?? []);
  }

  private async settled(job: PushJob, channel: string, status: PushStatus, sent: string[]): Promise<PushAttempt> {
    const refund = refundsCharge(channel, status);
    if (await this.repository.settle(job.campaignId, job.pseudonym, status, refund)) {
      this.metrics.outcomes.inc({ status });
      if (refund) await this.events.publish(new DeliveriesUnshownEvent(job.campaignId, [job.pseudonym]), { required: true });
    }
    return { kind: 'settled', status, sent };
  }

  /** A settled delivery whose charge is to be given back: done again (idempotent), for a run that crashed in between. */
  private async giveBackIfOwed(job: PushJob, delivery: SendableDelivery): Promise<void> {
    if (refundsCharge(delivery.channel, delivery.pushStatus))
      await this.events.publish(new DeliveriesUnshownEvent(job.campaignId, [job.pseudonym]), { required: true });
  }

  private async sendTo(target: DeviceTarget, message: PushMessage): Promise<{ outcome: DeviceOutcome; record: AttemptRecord }> {
    const provider = target.provider;
    const done = (outcome: DeviceOutcome, reply?: ProviderReply) => {
      this.metrics.attempts.inc({ provider, result: outcome.kind });
      const answered = reply && 'statusCode' in reply ? reply : undefined;
      return {
        outcome,
        record: { provider, outcome: outcome.kind, statusCode: answered?.statusCode ?? null, reason: answered?.reason ?? null },
      };
    };
    const halted = this.providers.haltedFor(provider);
    // Its credentials were refused: nothing is sent (nor burnt) until the pause is over.
    if (halted > 0) return done({ kind: 'unauthorized', afterMs: halted });
    const reply = await this.providers.send(target, message);
    if (!reply) return done({ kind: 'unsupported' });
    const outcome = classifyReply(reply, Date.now());
    if (outcome.kind === 'unauthorized') {
      this.providers.halt(provider, 'reason' in reply ? reply.reason : undefined);
      return done({ kind: 'unauthorized', afterMs: this.providers.haltedFor(provider) }, reply);
    }
    if (outcome.kind === 'sent') this.providers.resume(provider);
    if (outcome.kind === 'dead') {
      // Not fatal to the send (other devices were reached): the next send finds it dead again.
      const removed = await this.devices.removeDead(target.id, target.token).catch(() => false);
      if (removed) this.metrics.deadTokens.inc();
    }
    return done(outcome, reply);
  }
}

/** Why a pending push is not sent at all, read from its delivery: the offer expired, its campaign stopped, a product was deactivated, the shopper dismissed it. */
function stopReason(delivery: SendableDelivery): PushStatus | undefined {
  if (delivery.offer.expiresAt.getTime() <= Date.now()) return 'expired';
  if (!SENDING_CAMPAIGN_STATUSES.has(delivery.campaignStatus)) return 'cancelled';
  if (!delivery.offerable) return 'inactive_product';
  if (delivery.dismissed) return 'dismissed';
  return undefined;
}
