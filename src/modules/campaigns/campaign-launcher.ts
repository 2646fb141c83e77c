import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config.js';
import { JobName, QueueName, jobId } from '../../infra/queue/queue-names.js';
import { ConsentService } from '../consent/consent.service.js';
import { Purpose } from '../consent/domain/consent.js';
import { CampaignRuntime, type RuntimeCampaign } from '../delivery/campaign-runtime.js';
import { CampaignChunkQueue } from './campaign-chunk-queue.js';
import { SuppliersService } from '../suppliers/suppliers.service.js';
import { type AudienceQuery, AudienceRepository, type AudienceSize } from './audience.repository.js';
import { DispatchRepository } from './dispatch.repository.js';
import { type Campaign, type CampaignSpec, CampaignStatus, requiredPurposes } from './domain/campaign.js';

/** A timed status change: the start of a scheduled campaign, the end of any. */
export interface TimerJob {
  campaignId: string;
}

const AUDIENCE_PAGE = 10_000;

/**
 * Launching: the audience fixed in PostgreSQL (with the status change, one transaction), the
 * campaign's runtime state in Redis (status, budget, cap, offer; for cart triggers the trigger
 * skus and the audience set), one job per chunk with a deterministic id, and the start and end
 * timers. Publishing and enqueueing are idempotent, so resume re-runs them to repair anything a
 * failure between the steps left undone.
 */
@Injectable()
export class CampaignLauncher {
  constructor(
    private readonly config: AppConfig,
    private readonly audience: AudienceRepository,
    private readonly dispatch: DispatchRepository,
    private readonly runtime: CampaignRuntime,
    private readonly suppliers: SuppliersService,
    private readonly consent: ConsentService,
    private readonly chunks: CampaignChunkQueue,
    @InjectQueue(QueueName.CampaignTimer) private readonly timers: Queue<TimerJob>,
  ) {}

  audienceQuery(spec: CampaignSpec, at: Date): AudienceQuery {
    const purposes = requiredPurposes(spec.channels).map((p) => ({ purpose: p, basis: this.consent.bases[p as Purpose] }));
    return { include: spec.audience.include, exclude: spec.audience.exclude, at, purposes };
  }

  /** Undefined when the campaign was no longer a draft (someone else launched or cancelled it). */
  async launch(campaign: Campaign, next: CampaignStatus, at: Date): Promise<AudienceSize | undefined> {
    const size = await this.audience.launch(campaign.id, next, this.audienceQuery(campaign.spec, at), campaign.spec.holdoutPercent, this.config.env.CAMPAIGN_CHUNK_SIZE);
    if (!size) return undefined;
    await this.publish(campaign, next);
    if (campaign.spec.trigger === 'broadcast') {
      await this.runtime.setChunks(campaign.id, size.chunks, []);
      await this.chunks.enqueue(campaign.id, Array.from({ length: size.chunks }, (_, i) => i), campaign.spec.startsAt);
    }
    await this.scheduleTimers(campaign, next);
    return size;
  }

  /** After a pause: the runtime state again (in case it was lost) and the chunks not yet done. */
  async resume(campaign: Campaign, next: CampaignStatus): Promise<void> {
    // Republishing costs a scan of the campaign's deliveries (and of a cart audience): only when lost.
    if (await this.runtime.exists(campaign.id)) await this.runtime.setStatus(campaign.id, next, true);
    else await this.publish(campaign, next);
    if (campaign.spec.trigger === 'broadcast') {
      // The chunks not done, from Redis; from PostgreSQL (slower: a scan of the audience) if Redis lost them.
      const open = (await this.chunks.openChunks(campaign.id)) ?? (await this.dispatch.queuedChunks(campaign.id));
      await this.chunks.enqueue(campaign.id, open, campaign.spec.startsAt);
    }
    await this.scheduleTimers(campaign, next);
  }

  /** Rebuilds a lost runtime state from PostgreSQL (Redis restarted without persistence). */
  async republish(campaign: Campaign): Promise<void> {
    await this.publish(campaign, campaign.status);
    if (campaign.spec.trigger === 'broadcast') {
      const [total, undecided] = await Promise.all([this.dispatch.chunkCount(campaign.id), this.dispatch.queuedChunks(campaign.id)]);
      const open = new Set(undecided);
      await this.runtime.setChunks(campaign.id, total, Array.from({ length: total }, (_, i) => i).filter((c) => !open.has(c)));
      await this.chunks.enqueue(campaign.id, undecided, campaign.spec.startsAt);
    }
  }

  private async publish(campaign: Campaign, status: CampaignStatus): Promise<void> {
    const spec = campaign.spec;
    if (spec.trigger === 'cart') await this.loadCartAudience(campaign.id);
    await this.runtime.publish(await this.toRuntime(campaign, status), await this.dispatch.spentCents(campaign.id));
  }

  private async toRuntime(campaign: Campaign, status: CampaignStatus): Promise<RuntimeCampaign> {
    const spec = campaign.spec;
    const supplier = await this.suppliers.find(spec.supplierId);
    const purposes = requiredPurposes(spec.channels)
      .map((p) => `${p}=${this.consent.bases[p as Purpose] === 'legitimate_interest' ? '1' : '0'}`)
      .join(',');
    const triggerSkus = spec.trigger === 'cart' ? [...new Set([...(spec.cartSkus ?? []), ...(await this.audience.skusInCategories(spec.cartCategories ?? []))])] : [];
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
    for (let after: string | null = null; ; ) {
      const page = await this.audience.treatedPage(campaignId, after, AUDIENCE_PAGE);
      await this.runtime.addAudience(campaignId, page);
      if (page.length < AUDIENCE_PAGE) return;
      after = page[page.length - 1];
    }
  }

  private async scheduleTimers(campaign: Campaign, status: CampaignStatus): Promise<void> {
    const now = Date.now();
    if (status === CampaignStatus.Scheduled) {
      await this.timers.add(JobName.CampaignStart, { campaignId: campaign.id }, { jobId: jobId('camp', campaign.id, 'start', campaign.spec.startsAt.getTime()), delay: Math.max(0, campaign.spec.startsAt.getTime() - now) });
    }
    await this.timers.add(JobName.CampaignEnd, { campaignId: campaign.id }, { jobId: jobId('camp', campaign.id, 'end'), delay: Math.max(0, campaign.spec.endsAt.getTime() - now) });
  }
}
