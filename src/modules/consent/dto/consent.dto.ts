import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Optional } from '../../../common/validation/optional.js';
import type { ConsentDecision, ConsentState, PurposeState } from '../domain/consent.js';

export class UpdateConsentsDto {
  @ApiPropertyOptional() @Optional() @IsBoolean() personalization?: boolean;
  @ApiPropertyOptional() @Optional() @IsBoolean() targeted_offers?: boolean;
  @ApiPropertyOptional() @Optional() @IsBoolean() push_marketing?: boolean;
  @ApiPropertyOptional() @Optional() @IsBoolean() supplier_insights?: boolean;

  @ApiPropertyOptional({ description: 'Where the choice was made: app, web, store, …', default: 'api' })
  @Optional() @IsString() @IsNotEmpty() @MaxLength(64)
  source?: string;

  @ApiPropertyOptional({ description: 'Version of the privacy notice the shopper saw' })
  @Optional() @IsString() @IsNotEmpty() @MaxLength(64)
  noticeVersion?: string;
}

export class PurposeStateResponseDto {
  @ApiProperty() granted: boolean;
  @ApiProperty({ enum: ['consent', 'legitimate_interest'] }) basis: string;
  @ApiProperty({ description: '"default" when never chosen' }) source: string;
  @ApiProperty({ nullable: true, type: String }) updatedAt: string | null;
}

export class ConsentsResponseDto {
  @ApiProperty({ description: 'One entry per purpose: personalization, targeted_offers, push_marketing, supplier_insights' })
  consents: Record<string, PurposeStateResponseDto>;
}

export class ConsentHistoryEntryDto {
  @ApiProperty() purpose: string;
  @ApiProperty() granted: boolean;
  @ApiProperty() basis: string;
  @ApiProperty() source: string;
  @ApiProperty({ nullable: true, type: String }) noticeVersion: string | null;
  @ApiProperty() actor: string;
  @ApiProperty() at: string;
}

export function toConsentsResponse(state: ConsentState): ConsentsResponseDto {
  const consents: Record<string, PurposeStateResponseDto> = {};
  for (const [purpose, s] of Object.entries<PurposeState>(state)) {
    consents[purpose] = { granted: s.granted, basis: s.basis, source: s.source, updatedAt: s.updatedAt?.toISOString() ?? null };
  }
  return { consents };
}

export function toConsentHistoryEntry(d: ConsentDecision): ConsentHistoryEntryDto {
  return { purpose: d.purpose, granted: d.granted, basis: d.basis, source: d.source, noticeVersion: d.noticeVersion, actor: d.actor, at: d.at.toISOString() };
}
