import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppError } from '../../common/errors/app-error.js';
import { decodeCursor, encodeCursor, type Page, pageOf } from '../../common/http/pagination.js';
import { AppConfig } from '../../config/app-config.js';
import { JobName, QueueName, jobId } from '../../infra/queue/queue-names.js';
import { AuditKind } from '../audit/domain/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import { RateLimitService } from '../auth/rate-limit.service.js';
import { CartsService } from '../carts/carts.service.js';
import { ConsentService } from '../consent/consent.service.js';
import { DevicesService } from '../devices/devices.service.js';
import { OffersService } from '../offers/offers.service.js';
import { IdentityService } from '../identity/identity.service.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { PurchasesService } from '../purchases/purchases.service.js';
import { type ErasureRequest, ErasureStatus } from './domain/erasure.js';
import { ErasureRepository } from './erasure.repository.js';
import { RetentionRepository } from './retention.repository.js';

/** An open request untouched for this long is given a new job. */
const SWEEP_AFTER_MS = 5 * 60_000;

export interface ErasureJob {
  requestId: string;
  /** 1: the erasure; 2: the sweep of what was on its way meanwhile, ERASURE_SECOND_PASS_DELAY_MS later. */
  pass?: 1 | 2;
}

/**
 * Erasure of a shopper (GDPR Art. 17): accepted at once (202 with a request id), done by a job
 * with a deterministic id, retried until it completes. Every step is idempotent and adds what it
 * removed to the request's counts. Order: first the identity (the customer id no longer leads to
 * the pseudonym, so anything arriving meanwhile starts a new shopper), then the live devices,
 * campaign data, purchases, profile, cart and consent, last the shopper row. Kept: the request
 * (who, when, counts) and its audit event.
 */
@Injectable()
export class ErasureService {
  private readonly logger = new Logger(ErasureService.name);

  constructor(
    private readonly requests: ErasureRepository,
    private readonly identity: IdentityService,
    private readonly carts: CartsService,
    private readonly devices: DevicesService,
    private readonly offers: OffersService,
    private readonly purchases: PurchasesService,
    private readonly profiles: ProfilesService,
    private readonly consent: ConsentService,
    private readonly audit: AuditService,
    private readonly rateLimits: RateLimitService,
    private readonly retention: RetentionRepository,
    private readonly config: AppConfig,
    @InjectQueue(QueueName.Erasure) private readonly queue: Queue<ErasureJob>,
  ) {}

  /**
   * The shopper's own request (DELETE /v1/me), which never creates the shopper. A known shopper
   * gets a new request (or the one still open). A customer id that leads nowhere (erased by the
   * first pass of a request still waiting for its second) gets that request, found by its keyed
   * lookup, which the request keeps only until it is finished. Otherwise (never seen, or asked
   * about before and finished) a new request, which ends `done` with nothing removed.
   */
  async requestForShopper(claim: { pseudonym: string | undefined; lookups: string[] }): Promise<ErasureRequest> {
    if (!claim.pseudonym) {
      const earlier = await this.requests.latestAbout(claim.lookups);
      if (earlier) return earlier;
    }
    return this.enqueue(claim.pseudonym, 'shopper', claim.lookups[0]);
  }

  /**
   * A privacy officer's request for a customer id. An unknown customer is accepted too (nothing is
   * held, the request ends `done` with nothing removed) and no shopper is created for it.
   */
  async requestForCustomer(customerId: string, actor: string): Promise<ErasureRequest> {
    const subject = await this.identity.subjectOf(customerId);
    return this.enqueue(subject.pseudonym, actor, subject.lookups[0]);
  }

  /** The retention job's request for a shopper inactive for RETENTION_INACTIVE_DAYS. */
  requestForRetention(pseudonym: string): Promise<ErasureRequest> {
    return this.enqueue(pseudonym, 'retention');
  }

  /** Every erasure request, newest first (staff and shoppers' alike); no pseudonym leaves the repository's answer. */
  async list(limit: number, cursor?: string): Promise<Page<ErasureRequest>> {
    const rows = await this.requests.list(limit, decodeCursor(cursor));
    return pageOf(rows, limit, (r) => encodeCursor(r.requestedAt, r.id));
  }

  async find(requestId: string): Promise<ErasureRequest> {
    const request = await this.requests.find(requestId);
    if (!request) throw AppError.notFound('Erasure request');
    return request;
  }

  /**
   * The job: runs the steps (again, on a retry) unless the request has nothing left to do. The
   * first pass ends `done` and schedules the second; the second forgets the pseudonym.
   */
  async run(requestId: string, pass: 1 | 2 = 1): Promise<void> {
    const request = await this.requests.start(requestId);
    if (!request) return;
    const pseudonym = request.pseudonym;
    // The customer's own request (or an officer's for them), not retention's: their lookup is kept
    // so that a pipeline re-sending their orders does not bring them back.
    if (pseudonym) await this.eraseEverything(requestId, pseudonym, request.requestedBy !== 'retention');
    if (pass === 1 && request.status !== ErasureStatus.Done) {
      await this.audit.record({
        kind: AuditKind.Erasure,
        actor: request.requestedBy,
        ...(pseudonym ? { pseudonym } : {}),
        details: { requestId, removed: (await this.find(requestId)).removed },
      });
    }
    if (pass === 1 && pseudonym) {
      await this.requests.markDone(requestId);
      await this.queue.add(
        JobName.ShopperErase,
        { requestId, pass: 2 },
        { jobId: jobId('erasure', requestId, 'second'), delay: this.config.privacy.erasureSecondPassDelayMs },
      );
    } else {
      await this.requests.forgetSubject(requestId);
    }
    this.logger.log({ requestId, pass }, 'erasure pass done');
  }

  /**
   * After a job's last attempt: the request says `failed` (with a generic message: the details are
   * in the log). It stays open: the sweep tries it again, since only this request can still reach
   * the data (the identity, erased first, no longer leads to it).
   */
  async markFailed(requestId: string): Promise<void> {
    await this.requests.fail(requestId, 'an erasure step failed; it is tried again');
  }

  private async eraseEverything(id: string, pseudonym: string, suppress: boolean): Promise<void> {
    await this.requests.addRemoved(id, { identities: (await this.identity.eraseIdentity(pseudonym, suppress)) ? 1 : 0 });
    await this.requests.addRemoved(id, { carts: (await this.carts.forget(pseudonym)) ? 1 : 0 });
    await this.requests.addRemoved(id, { devices: await this.devices.eraseShopper(pseudonym) });
    const offers = await this.offers.eraseShopper(pseudonym);
    await this.requests.addRemoved(id, {
      deliveries: offers.deliveries,
      suppressions: offers.suppressions,
      campaignAudiences: offers.audiences,
    });
    const purchases = await this.purchases.eraseShopper(pseudonym);
    await this.requests.addRemoved(id, { orders: purchases.orders, purchaseItems: purchases.lines });
    await this.requests.addRemoved(id, { profiles: (await this.profiles.forget(pseudonym)) ? 1 : 0 });
    // A retention run's note that the profile is to be rebuilt, and the request counter.
    await this.retention.forgetShopper(pseudonym);
    await this.rateLimits.forgetShopper(pseudonym);
    await this.requests.addRemoved(id, { consentDecisions: await this.consent.erase(pseudonym) });
    await this.identity.eraseShopper(pseudonym);
  }

  private async enqueue(pseudonym: string | undefined, requestedBy: string, subjectLookup?: string): Promise<ErasureRequest> {
    const { request, created } = await this.requests.create(randomUUID(), pseudonym, requestedBy, subjectLookup);
    // A crash between these two leaves a pending request: the sweep enqueues it again.
    if (created) await this.queue.add(JobName.ShopperErase, { requestId: request.id }, { jobId: jobId('erasure', request.id) });
    return request;
  }

  /**
   * Open requests (pending, running or failed) older than a few minutes get a new job: one whose
   * job never reached the queue, was lost, or failed every attempt. Job ids are per sweep window,
   * so a job kept as failed does not block the next try; `run` is idempotent.
   */
  async sweep(now = Date.now()): Promise<number> {
    const window = Math.floor(now / SWEEP_AFTER_MS);
    const open = await this.requests.stale(SWEEP_AFTER_MS);
    for (const id of open) await this.queue.add(JobName.ShopperErase, { requestId: id }, { jobId: jobId('erasure', id, 'sweep', window) });
    // A second pass whose job was lost: the request would keep its pseudonym for ever.
    const overdue = await this.requests.secondPassOverdue(this.config.privacy.erasureSecondPassDelayMs + SWEEP_AFTER_MS);
    for (const id of overdue)
      await this.queue.add(JobName.ShopperErase, { requestId: id, pass: 2 }, { jobId: jobId('erasure', id, 'second', window) });
    return open.length + overdue.length;
  }
}
