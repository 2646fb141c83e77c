import { CampaignStatus } from './campaign.js';
import { type CampaignAction, isLive, transition } from './campaign-lifecycle.js';

const now = new Date('2026-11-29T10:00:00Z');
const past = new Date('2026-11-28T10:00:00Z');
const future = new Date('2026-12-01T10:00:00Z');
const later = new Date('2026-12-31T10:00:00Z');
const S = CampaignStatus;

describe('campaign lifecycle', () => {
  it('launches a draft to running when it starts now or in the past, scheduled otherwise', () => {
    expect(transition(S.Draft, 'launch', { startsAt: past, endsAt: later, now })).toEqual({ ok: true, next: S.Running });
    expect(transition(S.Draft, 'launch', { startsAt: now, endsAt: later, now })).toEqual({ ok: true, next: S.Running });
    expect(transition(S.Draft, 'launch', { startsAt: future, endsAt: later, now })).toEqual({ ok: true, next: S.Scheduled });
  });

  it('refuses to launch or resume a campaign whose end has passed', () => {
    expect(transition(S.Draft, 'launch', { startsAt: past, endsAt: now, now }).ok).toBe(false);
    expect(transition(S.Paused, 'resume', { startsAt: past, endsAt: past, now }).ok).toBe(false);
  });

  it('pauses and resumes', () => {
    const times = { startsAt: past, endsAt: later, now };
    expect(transition(S.Running, 'pause', times)).toEqual({ ok: true, next: S.Paused });
    expect(transition(S.Scheduled, 'pause', times)).toEqual({ ok: true, next: S.Paused });
    expect(transition(S.Paused, 'resume', times)).toEqual({ ok: true, next: S.Running });
    expect(transition(S.Paused, 'resume', { ...times, startsAt: future })).toEqual({ ok: true, next: S.Scheduled });
  });

  const legal: Record<CampaignAction, CampaignStatus[]> = {
    edit: [S.Draft],
    launch: [S.Draft],
    pause: [S.Scheduled, S.Running],
    resume: [S.Paused],
    cancel: [S.Draft, S.Scheduled, S.Running, S.Paused],
    start: [S.Scheduled],
    complete: [S.Scheduled, S.Running, S.Paused],
  };

  it.each(Object.entries(legal))('allows %s only from its legal statuses', (action, from) => {
    for (const status of Object.values(S)) {
      const result = transition(status, action as CampaignAction, { startsAt: past, endsAt: later, now });
      expect(result.ok).toBe(from.includes(status));
      if (!result.ok) expect(result.reason).toContain(status);
    }
  });

  it('never leaves completed or cancelled', () => {
    for (const action of Object.keys(legal) as CampaignAction[]) {
      expect(transition(S.Completed, action, { startsAt: past, endsAt: later, now }).ok).toBe(false);
      expect(transition(S.Cancelled, action, { startsAt: past, endsAt: later, now }).ok).toBe(false);
    }
  });

  it('calls scheduled, running and paused live', () => {
    expect(Object.values(S).filter(isLive)).toEqual([S.Scheduled, S.Running, S.Paused]);
  });
});
