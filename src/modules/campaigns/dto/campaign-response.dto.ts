import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type Campaign, effectiveRule } from '../domain/campaign.js';
import type { CampaignStats } from '../domain/campaign-stats.js';

/**
 * The campaign as answered: the body it was created with, every field at its effective value (a
 * default shows as what it is: `holdoutPercent` 0, a rule's `minPurchases` 1, no cart triggers as
 * `[]`, no cap and no quiet hours as `null`), plus id, status and timestamps.
 */
export class CampaignResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled'] }) status: string;
  @ApiProperty() name: string;
  @ApiProperty() supplierId: string;
  @ApiProperty() offer: object;
  @ApiProperty() audience: object;
  @ApiProperty() trigger: string;
  @ApiProperty({ type: [String], description: '[] when none' }) cartSkus: string[];
  @ApiProperty({ type: [String], description: '[] when none' }) cartCategories: string[];
  @ApiProperty({ type: [String] }) channels: string[];
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty() budget: object;
  @ApiProperty({ nullable: true, type: Object, description: 'null: no cap' }) frequencyCap: object | null;
  @ApiProperty({ nullable: true, type: Object, description: 'null: no quiet hours' }) quietHours: object | null;
  @ApiProperty() holdoutPercent: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiPropertyOptional({ nullable: true }) launchedAt: string | null;
  /** Extension: when the launch job fixed the audience (null until then; a large launch answers first). */
  @ApiPropertyOptional({ nullable: true, description: 'When the audience was fixed; null until the launch job has fixed it' }) audienceFixedAt: string | null;
  @ApiPropertyOptional({ nullable: true }) dispatchCompletedAt: string | null;
}

export function toCampaignResponse(c: Campaign): CampaignResponseDto {
  const s = c.spec;
  return {
    id: c.id,
    status: c.status,
    name: s.name,
    supplierId: s.supplierId,
    offer: s.offer,
    audience: { include: s.audience.include.map(effectiveRule), exclude: s.audience.exclude.map(effectiveRule) },
    trigger: s.trigger,
    cartSkus: s.cartSkus ?? [],
    cartCategories: s.cartCategories ?? [],
    channels: s.channels,
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    budget: s.budget,
    frequencyCap: s.frequencyCap ?? null,
    quietHours: s.quietHours ?? null,
    holdoutPercent: s.holdoutPercent,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    launchedAt: c.launchedAt?.toISOString() ?? null,
    audienceFixedAt: c.audienceFixedAt?.toISOString() ?? null,
    dispatchCompletedAt: c.dispatchCompletedAt?.toISOString() ?? null,
  };
}

export function toStatsResponse(s: CampaignStats): Record<string, unknown> {
  return { ...s, dispatchCompletedAt: s.dispatchCompletedAt?.toISOString() ?? null };
}
