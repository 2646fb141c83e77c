import { CampaignStatus } from './campaign.js';

/** What can happen to a campaign: marketer actions, and the timer's start and end. */
export type CampaignAction = 'edit' | 'launch' | 'pause' | 'resume' | 'cancel' | 'start' | 'complete';

export type Transition = { ok: true; next: CampaignStatus } | { ok: false; reason: string };

const { Draft, Scheduled, Running, Paused, Completed, Cancelled } = CampaignStatus;

/** Where each action may start from. Anything else is an illegal change (409). */
const FROM: Record<CampaignAction, readonly CampaignStatus[]> = {
  edit: [Draft],
  launch: [Draft],
  pause: [Scheduled, Running],
  resume: [Paused],
  cancel: [Draft, Scheduled, Running, Paused],
  start: [Scheduled],
  complete: [Scheduled, Running, Paused],
};

/**
 * The campaign state machine. Launch and resume go to `scheduled` while `startsAt` is ahead and
 * to `running` otherwise; nothing leaves `completed` or `cancelled`; a campaign whose end has
 * passed cannot be launched or resumed.
 */
export function transition(status: CampaignStatus, action: CampaignAction, times: { startsAt: Date; endsAt: Date; now: Date }): Transition {
  if (!FROM[action].includes(status)) return { ok: false, reason: `cannot ${action} a ${status} campaign` };
  switch (action) {
    case 'edit':
      return { ok: true, next: Draft };
    case 'launch':
    case 'resume':
      if (times.endsAt.getTime() <= times.now.getTime()) return { ok: false, reason: `cannot ${action} a campaign whose end has passed` };
      return { ok: true, next: times.startsAt.getTime() > times.now.getTime() ? Scheduled : Running };
    case 'pause':
      return { ok: true, next: Paused };
    case 'cancel':
      return { ok: true, next: Cancelled };
    case 'start':
      return { ok: true, next: Running };
    case 'complete':
      return { ok: true, next: Completed };
  }
}

/** Statuses in which the audience is fixed and deliveries may still be decided later. */
export function isLive(status: CampaignStatus): boolean {
  return status === Scheduled || status === Running || status === Paused;
}
