import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config.js';
import { DomainEvents } from '../../infra/events/domain-events.js';
import { JobName, QueueName, jobId } from '../../infra/queue/queue-names.js';
import { ConsentService } from '../consent/consent.service.js';
import { Purpose } from '../consent/domain/consent.js';
import type { LiveCampaign } from '../offers/domain/live-campaign.js';
import { LiveCampaigns } from '../offers/live-campaigns.store.js';
import { CampaignDispatchStore } from './campaign-dispatch.store.js';
import { SuppliersService } from '../suppliers/suppliers.service.js';
import { type AudienceQuery, AudienceRepository, type AudienceSize } from './campaign-audience.repository.js';
import { CampaignChunkQueue } from './campaign-chunk.queue.js';
import { CampaignDispatchedEvent } from './campaign-fan-out.events.js';
import { CampaignLaunchQueue } from './campaign-launch.queue.js';
import { CampaignsRepository } from './campaigns.repository.js';
import { DispatchRepository } from './campaign-dispatch.repository.js';
import { type Campaign, type CampaignSpec, CampaignStatus, requiredPurposes } from './domain/campaign.js';
import { isLive } from './domain/campaign-lifecycle.js';

/** A timed status change: the start of a scheduled campaign, the end of any. */
export interface TimerJob {
  campaignId: string;
}

const AUDIENCE_PAGE = 10_000;

/** What a launch job did: the audience it fixed (undefined when an earlier attempt had), the chunks, and the status it published. */
export interface LaunchOutcome {
  size?: AudienceSize;
  broadcast: boolean;
  chunks: number;
  status: CampaignStatus;
}

/**
 * Launching, in two steps. The launch request moves the campaign out of draft (compare-and-set,
 * with the launch time) and enqueues the launch job, so it answers at once. The launch job fixes
 * the audience in PostgreSQL (one transaction, never twice), then, holding the campaign row so
 * that no status change interleaves, writes the runtime state in Redis (status, budget, cap,
 * offer; for cart triggers the trigger skus and the audience set) and one job per chunk with a
 * deterministic id. Publishing and enqueueing are idempotent, so a retried launch job, and
 * resume, repair anything a failure between the steps left undone.
 */
@Injectable()
export class CampaignLauncher {
  private readonly logger = new Logger(CampaignLauncher.name);

  constructor(
    private readonly config: AppConfig,
    private readonly campaigns: CampaignsRepository,
    private readonly audience: AudienceRepository,
    private readonly dispatch: DispatchRepository,
    private readonly live: LiveCampaigns,
    private readonly dispatchState: CampaignDispatchStore,
    private readonly suppliers: SuppliersService,
    private readonly consent: ConsentService,
    private readonly chunks: CampaignChunkQueue,
    private readonly launches: CampaignLaunchQueue,
    private readonly events: DomainEvents,
    @InjectQueue(QueueName.CampaignTimer) private readonly timers: Queue<TimerJob>,
  ) {}

  audienceQuery(spec: CampaignSpec, at: Date): AudienceQuery {
    const purposes = requiredPurposes(spec.channels).map((p) => ({ purpose: p, basis: this.consent.bases[p as Purpose] }));
    return { include: spec.audience.include, exclude: spec.audience.exclude, at, purposes };
  }

  /** The launch request's part; undefined when the campaign was no longer a draft (someone else launched or cancelled it). */
  async launch(campaign: Campaign, next: CampaignStatus, at: Date): Promise<Campaign | undefined> {
    const launched = await this.campaigns.changeStatus(campaign.id, CampaignStatus.Draft, next, { launchedAt: at });
    if (!launched) return undefined;
    // A crash right here leaves a launched campaign without its job: the workers' launch sweep (or a resume) enqueues it again.
    await this.launches.enqueue(campaign.id);
    await this.scheduleTimers(launched, next);
    return launched;
  }

  /** The launch job: fixes the audience and starts the fan-out; a broadcast with nobody to send to is done at once. */
  async runLaunchJob(campaignId: string): Promise<void> {
    const outcome = await this.fixAudience(campaignId);
    if (!outcome) return;
    if (outcome.size) this.logger.log({ campaignId, ...outcome.size }, 'campaign audience fixed');
    if (
      outcome.broadcast &&
      outcome.chunks === 0 &&
      outcome.status === CampaignStatus.Running &&
      (await this.campaigns.completeDispatchIfDone(campaignId))
    ) {
      await this.events.publish(new CampaignDispatchedEvent(campaignId), { required: true });
    }
  }

  /** The launch job's part (idempotent); undefined when there was nothing to do. */
  async fixAudience(campaignId: string): Promise<LaunchOutcome | undefined> {
    const campaign = await this.campaigns.find(campaignId);
    if (!campaign || campaign.status === CampaignStatus.Draft) return undefined;
    let size: AudienceSize | undefined;
    if (!campaign.audienceFixedAt) {
      // Cancelled (or ended) before its audience was fixed: nobody to decide for.
      if (!isLive(campaign.status)) return undefined;
      const query = this.audienceQuery(campaign.spec, campaign.launchedAt ?? new Date());
      size = await this.audience.fix(campaign.id, query, campaign.spec.holdoutPercent, this.config.campaigns.chunkSize);
    }
    const broadcast = campaign.spec.trigger === 'broadcast';
    const chunks = size ? size.chunks : broadcast ? await this.dispatch.chunkCount(campaign.id) : 0;
    // The slow part of publishing before the row lock: a pause or cancel waits on that lock, and a
    // cart audience of millions takes a while to load (retire() drops it again if the campaign ended meanwhile).
    const prepared = await this.prepare(campaign);
    const status = await this.campaigns.withStatusLocked(campaign.id, async (current) => {
      if (!isLive(current)) {
        // Cancelled or ended while the audience was being fixed: close what that change could not see.
        await this.campaigns.closeQueued(campaign.id, current === CampaignStatus.Cancelled ? 'cancelled' : 'expired');
        await this.live.retire(campaign.id);
        await this.dispatchState.forget(campaign.id);
        return current;
      }
      await this.live.publish({ ...prepared.runtime, status: current }, prepared.spentCents);
      if (broadcast) {
        await this.dispatchState.setChunks(campaign.id, chunks, []);
        // A paused campaign's chunks are enqueued by resume.
        if (current !== CampaignStatus.Paused)
          await this.chunks.enqueue(
            campaign.id,
            Array.from({ length: chunks }, (_, i) => i),
            campaign.spec.startsAt,
          );
      }
      return current;
    });
    return status === undefined ? undefined : { size, broadcast, chunks, status };
  }

  /** After a pause: the runtime state again (in case it was lost) and the chunks not yet done. */
  async resume(campaign: Campaign, next: CampaignStatus): Promise<void> {
    if (!campaign.audienceFixedAt) {
      // Not fixed yet: its launch job (enqueued again, in case the launch request died before) does the rest.
      await this.launches.enqueue(campaign.id);
      await this.live.setStatus(campaign.id, next, true);
    } else {
      // Republishing costs a scan of the campaign's deliveries (and of a cart audience): only when lost.
      if (await this.live.exists(campaign.id)) await this.live.setStatus(campaign.id, next, true);
      else await this.publish(campaign, next);
      if (campaign.spec.trigger === 'broadcast') {
        // The chunks not done, from Redis; from PostgreSQL (slower: a scan of the audience) if Redis lost them.
        const open = (await this.chunks.openChunks(campaign.id)) ?? (await this.dispatch.queuedChunks(campaign.id));
        await this.chunks.enqueue(campaign.id, open, campaign.spec.startsAt);
      }
    }
    await this.scheduleTimers(campaign, next);
  }

  /** Rebuilds a lost runtime state from PostgreSQL (Redis restarted without persistence). */
  async republish(campaign: Campaign): Promise<void> {
    await this.publish(campaign, campaign.status);
    if (campaign.spec.trigger === 'broadcast') {
      const [total, undecided] = await Promise.all([this.dispatch.chunkCount(campaign.id), this.dispatch.queuedChunks(campaign.id)]);
      const open = new Set(undecided);
      await this.dispatchState.setChunks(
        campaign.id,
        total,
        Array.from({ length: total }, (_, i) => i).filter((c) => !open.has(c)),
      );
      await this.chunks.enqueue(campaign.id, undecided, campaign.spec.startsAt);
    }
  }

  private async publish(campaign: Campaign, status: CampaignStatus): Promise<void> {
    const prepared = await this.prepare(campaign);
    await this.live.publish({ ...prepared.runtime, status }, prepared.spentCents);
  }

  /** Everything publishing reads or loads (a cart audience into Redis); the status is set by the caller. */
  private async prepare(campaign: Campaign): Promise<{ runtime: LiveCampaign; spentCents: number }> {
    if (campaign.spec.trigger === 'cart') await this.loadCartAudience(campaign.id);
    const [runtime, spentCents] = await Promise.all([this.toRuntime(campaign, campaign.status), this.dispatch.spentCents(campaign.id)]);
    return { runtime, spentCents };
  }

  private async toRuntime(campaign: Campaign, status: CampaignStatus): Promise<LiveCampaign> {
    const spec = campaign.spec;
    const supplier = await this.suppliers.find(spec.supplierId);
    const purposes = requiredPurposes(spec.channels)
      .map((p) => `${p}=${this.consent.bases[p as Purpose] === 'legitimate_interest' ? '1' : '0'}`)
      .join(',');
    const triggerSkus =
      spec.trigger === 'cart'
        ? [...new Set([...(spec.cartSkus ?? []), ...(await this.audience.skusInCategories(spec.cartCategories ?? []))])]
        : [];
    return {
      id: campaign.id,
      status,
      trigger: spec.trigger,
      budgetCents: spec.budget.totalCents,
      costCents: spec.budget.costPerDeliveryCents,
      capMax: spec.frequencyCap?.max ?? 0,
      capMs: (spec.frequencyCap?.perHours ?? 0) * 3_600_000,
      endsAt: spec.endsAt,
      purposes,
      inApp: spec.channels.includes('in_app'),
      wantsPush: spec.channels.includes('push'),
      template: {
        campaignId: campaign.id,
        supplier: { id: spec.supplierId, name: supplier?.name ?? '' },
        title: spec.offer.title,
        body: spec.offer.body,
        skus: spec.offer.skus,
        discount: spec.offer.discount,
        validDays: spec.offer.validDays,
      },
      cartSkus: triggerSkus,
      cartCategories: spec.cartCategories ?? [],
    };
  }

  /** The treated shoppers of a cart campaign into its Redis set, page by page (idempotent). */
  private async loadCartAudience(campaignId: string): Promise<void> {
    for (let after: string | null = null; ;) {
      const page = await this.audience.treatedPage(campaignId, after, AUDIENCE_PAGE);
      await this.live.addAudience(campaignId, page);
      if (page.length < AUDIENCE_PAGE) return;
      after = page[page.length - 1];
    }
  }

  private async scheduleTimers(campaign: Campaign, status: CampaignStatus): Promise<void> {
    const now = Date.now();
    if (status === CampaignStatus.Scheduled) {
      await this.timers.add(
        JobName.CampaignStart,
        { campaignId: campaign.id },
        {
          jobId: jobId('camp', campaign.id, 'start', campaign.spec.startsAt.getTime()),
          delay: Math.max(0, campaign.spec.startsAt.getTime() - now),
        },
      );
    }
    await this.timers.add(
      JobName.CampaignEnd,
      { campaignId: campaign.id },
      { jobId: jobId('camp', campaign.id, 'end'), delay: Math.max(0, campaign.spec.endsAt.getTime() - now) },
    );
  }
}
