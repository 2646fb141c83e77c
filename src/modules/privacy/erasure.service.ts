import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppError } from '../../common/errors/app-error.js';
import { JobName, QueueName, jobId } from '../../infra/queue/queue-names.js';
import { AuditKind } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import { CartsService } from '../carts/carts.service.js';
import { ConsentService } from '../consent/consent.service.js';
import { OffersService } from '../delivery/offers.service.js';
import { IdentityService } from '../identity/identity.service.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { PurchasesService } from '../purchases/purchases.service.js';
import { type ErasureRequest, ErasureStatus } from './domain/erasure.js';
import { ErasureRepository } from './erasure.repository.js';

export interface ErasureJob {
  requestId: string;
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
    private readonly offers: OffersService,
    private readonly purchases: PurchasesService,
    private readonly profiles: ProfilesService,
    private readonly consent: ConsentService,
    private readonly audit: AuditService,
    @InjectQueue(QueueName.Erasure) private readonly queue: Queue<ErasureJob>,
  ) {}

  /** The shopper's own request (DELETE /v1/me). */
  requestForShopper(pseudonym: string): Promise<ErasureRequest> {
    return this.enqueue(pseudonym, 'shopper');
  }

  /**
   * A privacy officer's request for a customer id. An unknown customer is accepted too (nothing is
   * held, the request ends `done` with nothing removed) and no shopper is created for it.
   */
  async requestForCustomer(customerId: string, actor: string): Promise<ErasureRequest> {
    return this.enqueue(await this.identity.lookup(customerId), actor);
  }

  /** The retention job's request for a shopper inactive for RETENTION_INACTIVE_DAYS. */
  requestForRetention(pseudonym: string): Promise<ErasureRequest> {
    return this.enqueue(pseudonym, 'retention');
  }

  async find(requestId: string): Promise<ErasureRequest> {
    const request = await this.requests.find(requestId);
    if (!request) throw AppError.notFound('Erasure request');
    return request;
  }

  /** The job: runs the steps (again, on a retry) unless the request has already ended. */
  async run(requestId: string): Promise<void> {
    const request = await this.requests.start(requestId);
    if (!request) return;
    const pseudonym = request.pseudonym;
    if (pseudonym) await this.eraseEverything(requestId, pseudonym);
    await this.audit.record({
      kind: AuditKind.Erasure,
      actor: request.requestedBy,
      ...(pseudonym ? { pseudonym } : {}),
      details: { requestId, removed: (await this.find(requestId)).removed },
    });
    await this.requests.finish(requestId);
    this.logger.log({ requestId }, 'erasure done');
  }

  /** After the job's last attempt failed: the request says so (the officer can ask again). */
  async markFailed(requestId: string, error: string): Promise<void> {
    await this.requests.fail(requestId, error);
  }

  private async eraseEverything(id: string, pseudonym: string): Promise<void> {
    await this.requests.addRemoved(id, { identities: (await this.identity.eraseIdentity(pseudonym)) ? 1 : 0 });
    await this.requests.addRemoved(id, { carts: (await this.carts.forget(pseudonym)) ? 1 : 0 });
    const offers = await this.offers.eraseShopper(pseudonym);
    await this.requests.addRemoved(id, { deliveries: offers.deliveries, suppressions: offers.suppressions, campaignAudiences: offers.audiences });
    const purchases = await this.purchases.eraseShopper(pseudonym);
    await this.requests.addRemoved(id, { orders: purchases.orders, purchaseItems: purchases.lines });
    await this.requests.addRemoved(id, { profiles: (await this.profiles.forget(pseudonym)) ? 1 : 0 });
    await this.requests.addRemoved(id, { consentDecisions: await this.consent.erase(pseudonym) });
    await this.identity.eraseShopper(pseudonym);
  }

  private async enqueue(pseudonym: string | undefined, requestedBy: string): Promise<ErasureRequest> {
    const request = await this.requests.create(randomUUID(), pseudonym, requestedBy);
    // A crash between these two leaves a pending request: the workers' sweep enqueues it again.
    await this.queue.add(JobName.ShopperErase, { requestId: request.id }, { jobId: jobId('erasure', request.id) });
    return request;
  }

  /** Pending requests whose job is gone (the request died before enqueueing it): enqueued again. */
  async sweep(): Promise<number> {
    const pending = await this.requests.stale(ErasureStatus.Pending, 60_000);
    for (const id of pending) await this.queue.add(JobName.ShopperErase, { requestId: id }, { jobId: jobId('erasure', id) });
    return pending.length;
  }
}
