import { ApiProperty } from '@nestjs/swagger';
import { PageResponseDto } from '../../../common/openapi/page-response.dto.js';
import { type Campaign, effectiveRule } from '../domain/campaign.js';
import type { CampaignPushStats, CampaignStats } from '../domain/campaign-stats.js';
import { AudienceDto, BudgetDto, FrequencyCapDto, OfferDto, QuietHoursDto } from './campaign.dto.js';

const CAMPAIGN_ID = 'c4a1e2b3-5d6f-4a7b-8c9d-0e1f2a3b4c5d';

/**
 * The campaign as answered: the body it was created with, every field at its effective value (a
 * default shows as what it is: `holdoutPercent` 0, a rule's `minPurchases` 1, no cart triggers as
 * `[]`, no cap and no quiet hours as `null`), plus id, status and timestamps.
 */
export class CampaignResponseDto {
  @ApiProperty({ format: 'uuid', example: CAMPAIGN_ID }) id: string;
  @ApiProperty({ enum: ['draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled'], example: 'draft' }) status: string;
  @ApiProperty({ example: 'Oat milk, December' }) name: string;
  @ApiProperty({ format: 'uuid', example: '3f2b8c1e-7d4a-4e9b-9c1f-2a6d8e0b5c47' }) supplierId: string;
  @ApiProperty({ type: OfferDto }) offer: object;
  @ApiProperty({
    type: AudienceDto,
    description: 'Every rule at its effective value (`minPurchases` 1 by default); `exclude` [] when none',
  })
  audience: object;
  @ApiProperty({ enum: ['broadcast', 'cart'], example: 'broadcast' }) trigger: string;
  @ApiProperty({ type: [String], description: '[] when none', example: [] }) cartSkus: string[];
  @ApiProperty({ type: [String], description: '[] when none', example: [] }) cartCategories: string[];
  @ApiProperty({ type: [String], enum: ['in_app', 'push'], example: ['in_app', 'push'] }) channels: string[];
  @ApiProperty({ format: 'date-time', example: '2026-12-01T00:00:00.000Z' }) startsAt: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-31T23:59:59.000Z' }) endsAt: string;
  @ApiProperty({ type: BudgetDto }) budget: object;
  @ApiProperty({ nullable: true, type: FrequencyCapDto, description: 'null: no cap' }) frequencyCap: object | null;
  @ApiProperty({ nullable: true, type: QuietHoursDto, description: 'null: no quiet hours' }) quietHours: object | null;
  @ApiProperty({ minimum: 0, maximum: 50, example: 10 }) holdoutPercent: number;
  @ApiProperty({ description: 'Extension: push to a shopper whose app is connected too', example: false }) pushWhenConnected: boolean;
  @ApiProperty({ format: 'date-time', example: '2026-11-28T14:00:00.000Z' }) createdAt: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-28T14:00:00.000Z' }) updatedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) launchedAt: string | null;
  /** Extension: when the launch job fixed the audience (null until then; a large launch answers first). */
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Panier extension: when the audience was fixed; null until the launch job has fixed it',
    example: null,
  })
  audienceFixedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) dispatchCompletedAt: string | null;
}

/** `GET /v1/campaigns`: a page, newest first. */
export class CampaignsPageResponseDto extends PageResponseDto {
  @ApiProperty({ type: [CampaignResponseDto] }) campaigns: CampaignResponseDto[];
}

/** `GET /v1/campaigns/{id}/audience`. */
export class AudienceEstimateDto {
  @ApiProperty({ description: 'Shoppers the campaign would reach now, consent applied', example: 18250 }) estimate: number;
}

class SuppressedCountsDto {
  @ApiProperty({ example: 1200 }) noConsent: number;
  @ApiProperty({ example: 35 }) frequencyCap: number;
  @ApiProperty({ example: 0 }) budget: number;
}

class DeliveredCountsDto {
  @ApiProperty({ example: 15100 }) in_app: number;
  @ApiProperty({ example: 9800 }) push: number;
}

class ConversionDto {
  @ApiProperty({ type: Number, nullable: true, description: 'A fraction (0.042 = 4.2 %); null for an empty group', example: 0.061 })
  treatment: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.042 }) holdout: number | null;
}

class UpliftDto {
  @ApiProperty({ type: Number, nullable: true, example: 0.019 }) absolute: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'null when the holdout converted 0', example: 0.452381 }) relative:
    number | null;
}

class PushStatsDto implements CampaignPushStats {
  @ApiProperty({
    type: [String],
    enum: ['apns', 'fcm', 'webpush', 'gateway'],
    description: 'Providers not configured on this service: devices cannot register through them, and nothing is pushed through them',
    example: ['gateway'],
  })
  unavailable: string[];
  @ApiProperty({
    type: [String],
    enum: ['apns', 'fcm', 'webpush', 'gateway'],
    description: "Providers whose sends wait now because they refused Panier's credentials (see the alert metric)",
    example: [],
  })
  halted: string[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description:
      "The campaign's deliveries by push status (pending, sent, no_device, no_consent, connected, failed, unavailable, expired, …)",
    example: { sent: 9800, no_device: 5200, connected: 310 },
  })
  statuses: Record<string, number>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: { type: 'integer' } },
    description: 'Every request to a provider, by provider and outcome (sent, retry, dead, unauthorized, rejected, unsupported)',
    example: { apns: { sent: 6100, retry: 12, dead: 40 }, fcm: { sent: 3700, dead: 25 } },
  })
  attempts: Record<string, Record<string, number>>;
}

/** `GET /v1/campaigns/{id}/stats` (intention to treat: conversion over every shopper of the group). */
export class CampaignStatsResponseDto implements Omit<CampaignStats, 'dispatchCompletedAt'> {
  @ApiProperty({ example: 18250 }) audience: number;
  @ApiProperty({ example: 1825 }) holdout: number;
  @ApiProperty({ type: SuppressedCountsDto }) suppressed: SuppressedCountsDto;
  @ApiProperty({ example: 0 }) deferredQuietHours: number;
  @ApiProperty({ example: 90 }) queued: number;
  @ApiProperty({ type: DeliveredCountsDto }) delivered: DeliveredCountsDto;
  @ApiProperty({ example: 2 }) failed: number;
  @ApiProperty({ example: 8700 }) seen: number;
  @ApiProperty({ description: 'Converted shoppers of the treatment group', example: 1002 }) converted: number;
  @ApiProperty({ example: 755000 }) spentCents: number;
  @ApiProperty({ type: ConversionDto }) conversion: ConversionDto;
  @ApiProperty({ type: UpliftDto }) uplift: UpliftDto;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-12-01T00:20:41.000Z' }) dispatchCompletedAt:
    string | null;
  @ApiProperty({ type: PushStatsDto, description: 'Extension: push by provider and status' }) push: PushStatsDto;
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
    pushWhenConnected: s.pushWhenConnected ?? false,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    launchedAt: c.launchedAt?.toISOString() ?? null,
    audienceFixedAt: c.audienceFixedAt?.toISOString() ?? null,
    dispatchCompletedAt: c.dispatchCompletedAt?.toISOString() ?? null,
  };
}

export function toStatsResponse(s: CampaignStats & { push: CampaignPushStats }): CampaignStatsResponseDto {
  return { ...s, dispatchCompletedAt: s.dispatchCompletedAt?.toISOString() ?? null };
}
