import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { DomainEvents } from '../../infra/events/domain-events.js';
import { CatalogService } from '../catalog/catalog.service.js';
import { LiveCampaigns } from '../offers/live-campaigns.store.js';
import { CampaignDispatchStore } from './campaign-dispatch.store.js';
import type { SendingCampaign } from '../offers/domain/live-campaign.js';
import { OfferSender } from '../offers/offer-sender.service.js';
import { CampaignDispatchedEvent, CampaignOfferInactiveEvent } from './campaign-fan-out.events.js';
import { CampaignLauncher } from './campaign-launcher.service.js';
import { CampaignsRepository } from './campaigns.repository.js';
import { DispatchRepository } from './campaign-dispatch.repository.js';
import { type Campaign, CampaignStatus } from './domain/campaign.js';
import { quietWindowEnd } from '../../common/time/quiet-hours.js';

/** What became of a chunk job: done, to run again later (paused, not started, quiet hours), or stopped for good. */
export type ChunkOutcome =
  | { kind: 'done'; delivered: number }
  | { kind: 'defer'; until: number; reason: 'not_started' | 'quiet_hours' | 'pause_failed' }
  | { kind: 'stopped'; status: string };

const CACHE_MAX = 1000;

/**
 * Sends one chunk of a broadcast. The campaign's status is read from Redis before the chunk and
 * checked again by every decision, so a pause or cancel stops a chunk part-way; what a pause
 * leaves undecided is enqueued again by resume. Re-running a chunk only looks at its shoppers
 * still undecided, and each send is idempotent, so a chunk can be retried or taken over from a
 * killed worker at any point.
 */
@Injectable()
export class CampaignChunkSender {
  private readonly logger = new Logger(CampaignChunkSender.name);
  /** Launched campaigns' specs never change: cached per process. */
  private readonly campaigns = new Map<string, Campaign>();

  constructor(
    private readonly config: AppConfig,
    private readonly repository: CampaignsRepository,
    private readonly dispatch: DispatchRepository,
    private readonly live: LiveCampaigns,
    private readonly dispatchState: CampaignDispatchStore,
    private readonly sender: OfferSender,
    private readonly launcher: CampaignLauncher,
    private readonly events: DomainEvents,
    private readonly catalog: CatalogService,
  ) {}

  async send(campaignId: string, chunk: number): Promise<ChunkOutcome> {
    const campaign = await this.campaign(campaignId);
    if (!campaign) return { kind: 'stopped', status: 'missing' };
    const live = await this.liveState(campaign);
    if (!live) return { kind: 'stopped', status: 'missing' };
    const gate = await this.gate(campaign, live.status, chunk);
    if (gate) return gate;
    if (!live.terms) throw new Error(`campaign ${campaignId} has no runtime state`);
    const result = await this.sender.sendChunk(live.terms, chunk);
    if (result.halted) return this.halted(result.halted);
    if (await this.dispatchState.chunkDone(campaignId, chunk)) await this.finishIfDone(campaignId);
    return { kind: 'done', delivered: result.delivered };
  }

  /** The campaign as sends read it; rebuilt from PostgreSQL when Redis lost it (restart without persistence). */
  private async liveState(campaign: Campaign): Promise<{ status: string; terms?: SendingCampaign } | undefined> {
    const live = await this.live.sending(campaign.id);
    if (live.status !== null) return { status: live.status, terms: live.terms };
    const fresh = await this.repository.find(campaign.id);
    if (!fresh) return undefined;
    await this.launcher.republish(fresh);
    return { status: fresh.status, terms: (await this.live.sending(campaign.id)).terms };
  }

  /** Whether the chunk may run now; otherwise when to look again, or that it never will. */
  private async gate(campaign: Campaign, status: string, chunk: number): Promise<ChunkOutcome | undefined> {
    if (status !== (CampaignStatus.Running as string)) return this.halted(status);
    // A product deactivated since the launch: the campaign is paused (resumable once it is active again).
    const inactive = await this.catalog.notOfferable(campaign.spec.offer.skus);
    if (inactive.length > 0) {
      const paused = await this.events.publish(new CampaignOfferInactiveEvent(campaign.id, inactive), { required: true }).then(
        () => true,
        (error: unknown) => {
          this.logger.warn({ err: error, campaignId: campaign.id }, 'offered product inactive, but the campaign could not be paused');
          return false;
        },
      );
      if (paused) this.logger.warn({ campaignId: campaign.id, skus: inactive }, 'offered product inactive: campaign paused');
      // Not paused (a transient failure, or a change that won meanwhile): the chunk looks again shortly.
      return paused
        ? this.halted(CampaignStatus.Paused)
        : { kind: 'defer', until: Date.now() + this.config.campaigns.pauseRecheckMs, reason: 'pause_failed' };
    }
    const quiet = campaign.spec.quietHours ? quietWindowEnd(campaign.spec.quietHours, new Date()) : null;
    if (quiet) {
      await this.dispatch.markDeferred(campaign.id, chunk);
      return { kind: 'defer', until: quiet.getTime(), reason: 'quiet_hours' };
    }
    return undefined;
  }

  /**
   * A chunk of a campaign not started yet looks again shortly. Any other halt ends the job: a
   * paused campaign's undecided chunks are enqueued again on resume (CampaignChunkQueue).
   */
  private halted(status: string): ChunkOutcome {
    if (status === (CampaignStatus.Scheduled as string)) {
      return { kind: 'defer', until: Date.now() + this.config.campaigns.pauseRecheckMs, reason: 'not_started' };
    }
    return { kind: 'stopped', status };
  }

  /** A broadcast whose every shopper is decided is complete. */
  private async finishIfDone(campaignId: string): Promise<void> {
    if (await this.repository.completeDispatchIfDone(campaignId))
      await this.events.publish(new CampaignDispatchedEvent(campaignId), { required: true });
  }

  private async campaign(id: string): Promise<Campaign | undefined> {
    const cached = this.campaigns.get(id);
    if (cached) return cached;
    const campaign = await this.repository.find(id);
    if (!campaign) return undefined;
    if (this.campaigns.size >= CACHE_MAX) this.campaigns.clear();
    this.campaigns.set(id, campaign);
    return campaign;
  }
}
