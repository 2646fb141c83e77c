import { Injectable, Logger } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error.js';
import { LiveCampaigns } from '../offers/live-campaigns.store.js';
import { CampaignDispatchStore } from './campaign-dispatch.store.js';
import { AppConfig } from '../../config/app-config.js';
import { CatalogService } from '../catalog/catalog.service.js';
import { CampaignChunkQueue } from './campaign-chunk.queue.js';
import { CampaignLaunchQueue } from './campaign-launch.queue.js';
import { CampaignLauncher } from './campaign-launcher.service.js';
import { CampaignsRepository } from './campaigns.repository.js';
import { type Campaign, CampaignStatus } from './domain/campaign.js';
import { type CampaignAction, isLive, transition } from './domain/campaign-lifecycle.js';

/**
 * Every status change, through the state machine (domain/campaign-lifecycle.ts): PostgreSQL first
 * (compare-and-set on the status read, so concurrent changes cannot both win), then the Redis
 * status every send checks, so a pause or cancel stops sends as soon as it returns.
 */
@Injectable()
export class CampaignStatusService {
  private readonly logger = new Logger(CampaignStatusService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly repository: CampaignsRepository,
    private readonly launcher: CampaignLauncher,
    private readonly live: LiveCampaigns,
    private readonly dispatchState: CampaignDispatchStore,
    private readonly chunks: CampaignChunkQueue,
    private readonly launches: CampaignLaunchQueue,
    private readonly catalog: CatalogService,
  ) {}

  /** A marketer's action; 409 when illegal from the current status. */
  async apply(id: string, action: Exclude<CampaignAction, 'edit' | 'start' | 'complete'>): Promise<Campaign> {
    const campaign = await this.repository.find(id);
    if (!campaign) throw AppError.notFound('Campaign');
    const now = new Date();
    const step = transition(campaign.status, action, { startsAt: campaign.spec.startsAt, endsAt: campaign.spec.endsAt, now });
    if (!step.ok) throw AppError.conflict(step.reason);
    if (action === 'launch' || action === 'resume') {
      // An inactive product is never offered (public contract): products can be deactivated after creation.
      const [inactive] = await this.catalog.notOfferable(campaign.spec.offer.skus);
      if (inactive !== undefined) throw AppError.conflict(`the offered product ${inactive} is inactive`);
    }
    if (action === 'launch') return this.launch(campaign, step.next, now);
    const changed = await this.repository.changeStatus(id, campaign.status, step.next);
    if (!changed) throw AppError.conflict('the campaign changed meanwhile; read it and try again');
    await this.afterChange(changed, campaign.status);
    return changed;
  }

  /** A timer's change (start at startsAt, end at endsAt, or a broadcast fully sent); ignored when no longer legal. */
  async onTimer(id: string, action: 'start' | 'complete'): Promise<void> {
    const campaign = await this.repository.find(id);
    if (!campaign) return;
    const step = transition(campaign.status, action, { startsAt: campaign.spec.startsAt, endsAt: campaign.spec.endsAt, now: new Date() });
    if (!step.ok) return;
    const changed = await this.repository.changeStatus(
      id,
      campaign.status,
      step.next,
      step.next === CampaignStatus.Completed ? { finishedAt: new Date() } : {},
    );
    if (changed) await this.afterChange(changed, campaign.status);
  }

  /**
   * Moves the campaign out of draft and enqueues its launch job, then waits for that job at most
   * CAMPAIGN_LAUNCH_WAIT_MS: a small campaign answers launched (or already completed, with nobody
   * to send to), a large one answers at once while its audience is being fixed.
   */
  private async launch(campaign: Campaign, next: CampaignStatus, now: Date): Promise<Campaign> {
    const launched = await this.launcher.launch(campaign, next, now);
    if (!launched) throw AppError.conflict('the campaign changed meanwhile; read it and try again');
    await this.launches.settled(campaign.id, this.config.campaigns.launchWaitMs);
    return (await this.repository.find(campaign.id)) as Campaign;
  }

  private async afterChange(campaign: Campaign, from: CampaignStatus): Promise<void> {
    const live = isLive(campaign.status);
    if (from === CampaignStatus.Paused && live) {
      await this.launcher.resume(campaign, campaign.status);
      return;
    }
    if (from === CampaignStatus.Draft) return;
    await this.live.setStatus(campaign.id, campaign.status, live);
    if (campaign.status === CampaignStatus.Paused || !live) await this.chunks.drop(campaign.id);
    if (!live) {
      await this.repository.closeQueued(campaign.id, campaign.status === CampaignStatus.Cancelled ? 'cancelled' : 'expired');
      await this.live.retire(campaign.id);
      await this.dispatchState.forget(campaign.id);
    }
  }
}
