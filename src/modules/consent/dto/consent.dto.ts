import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Optional } from '../../../common/validation/optional.js';
import { type ConsentDecision, type ConsentState, Purpose, PURPOSES, type PurposeState } from '../domain/consent.js';

export class UpdateConsentsDto {
  @ApiPropertyOptional({ example: true }) @Optional() @IsBoolean() personalization?: boolean;
  @ApiPropertyOptional({ example: false }) @Optional() @IsBoolean() targeted_offers?: boolean;
  @ApiPropertyOptional({ example: false }) @Optional() @IsBoolean() push_marketing?: boolean;
  @ApiPropertyOptional({ example: true }) @Optional() @IsBoolean() supplier_insights?: boolean;

  @ApiPropertyOptional({ description: 'Where the choice was made: app, web, store, …', default: 'api', example: 'app' })
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  source?: string;

  @ApiPropertyOptional({ description: 'Version of the privacy notice the shopper saw', example: '3' })
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  noticeVersion?: string;
}

export class PurposeStateResponseDto {
  @ApiProperty({ example: true }) granted: boolean;
  @ApiProperty({ enum: ['consent', 'legitimate_interest'], example: 'consent' }) basis: string;
  @ApiProperty({ description: '"default" when never chosen', example: 'app' }) source: string;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'null when never chosen',
    example: '2026-12-01T09:00:00.000Z',
  })
  updatedAt: string | null;
}

/** The four purposes of the contract, each always present. */
export class ConsentPurposesDto implements Record<Purpose, PurposeStateResponseDto> {
  @ApiProperty({ type: PurposeStateResponseDto }) personalization: PurposeStateResponseDto;
  @ApiProperty({ type: PurposeStateResponseDto }) targeted_offers: PurposeStateResponseDto;
  @ApiProperty({ type: PurposeStateResponseDto }) push_marketing: PurposeStateResponseDto;
  @ApiProperty({ type: PurposeStateResponseDto }) supplier_insights: PurposeStateResponseDto;
}

export class ConsentsResponseDto {
  @ApiProperty({
    type: ConsentPurposesDto,
    description: 'One entry per purpose: personalization, targeted_offers, push_marketing, supplier_insights',
  })
  consents: ConsentPurposesDto;
}

export class ConsentHistoryEntryDto {
  @ApiProperty({ enum: PURPOSES, example: Purpose.TargetedOffers }) purpose: string;
  @ApiProperty({ example: false }) granted: boolean;
  @ApiProperty({ enum: ['consent', 'legitimate_interest'], example: 'consent' }) basis: string;
  @ApiProperty({ example: 'app' }) source: string;
  @ApiProperty({ nullable: true, type: String, example: '3' }) noticeVersion: string | null;
  @ApiProperty({ description: '`shopper`, or `key:<id>` of the staff key that recorded it', example: 'shopper' }) actor: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T09:00:00.000Z' }) at: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      "Panier extension: the ledger position this decision moved the shopper to (their consent version, one per change). A delivery's `consentProof.ledgerPosition` names the position its decision read. Null for decisions recorded before positions were kept.",
    example: 3,
  })
  position: number | null;
}

export function toConsentsResponse(state: ConsentState): ConsentsResponseDto {
  const consents = {} as ConsentPurposesDto;
  for (const [purpose, s] of Object.entries(state) as Array<[Purpose, PurposeState]>) {
    consents[purpose] = { granted: s.granted, basis: s.basis, source: s.source, updatedAt: s.updatedAt?.toISOString() ?? null };
  }
  return { consents };
}

export function toConsentHistoryEntry(d: ConsentDecision): ConsentHistoryEntryDto {
  return {
    purpose: d.purpose,
    granted: d.granted,
    basis: d.basis,
    source: d.source,
    noticeVersion: d.noticeVersion,
    actor: d.actor,
    at: d.at.toISOString(),
    position: d.position === null ? null : Number(d.position),
  };
}
