import type { CampaignSpec } from './domain/campaign.js';
import type { CreateCampaignDto, UpdateCampaignDto } from './dto/campaign.dto.js';

/** The validated body as the domain spec (dates parsed, defaults applied). */
export function toSpec(dto: CreateCampaignDto): CampaignSpec {
  return {
    name: dto.name,
    supplierId: dto.supplierId.toLowerCase(),
    offer: {
      title: dto.offer.title,
      body: dto.offer.body,
      skus: dto.offer.skus,
      discount: { ...dto.offer.discount },
      validDays: dto.offer.validDays,
    },
    audience: { include: dto.audience.include.map((r) => ({ ...r })), exclude: (dto.audience.exclude ?? []).map((r) => ({ ...r })) },
    trigger: dto.trigger,
    ...(dto.cartSkus ? { cartSkus: dto.cartSkus } : {}),
    ...(dto.cartCategories ? { cartCategories: dto.cartCategories } : {}),
    channels: dto.channels,
    startsAt: new Date(dto.startsAt),
    endsAt: new Date(dto.endsAt),
    budget: { ...dto.budget },
    ...(dto.frequencyCap ? { frequencyCap: { ...dto.frequencyCap } } : {}),
    ...(dto.quietHours ? { quietHours: { ...dto.quietHours } } : {}),
    holdoutPercent: dto.holdoutPercent ?? 0,
    ...(dto.pushWhenConnected ? { pushWhenConnected: true } : {}),
  };
}

/** A draft's spec with a PATCH applied: top-level fields replace, `null` removes an optional field. */
export function patchSpec(current: CampaignSpec, patch: UpdateCampaignDto): CreateCampaignDto {
  const base: Record<string, unknown> = { ...current, startsAt: current.startsAt.toISOString(), endsAt: current.endsAt.toISOString() };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) delete base[key];
    else base[key] = value;
  }
  return base as unknown as CreateCampaignDto;
}
