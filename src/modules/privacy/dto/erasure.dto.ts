import { ApiProperty } from '@nestjs/swagger';
import { PageResponseDto } from '../../../common/openapi/page-response.dto.js';
import type { ErasureCounts, ErasureRequest } from '../domain/erasure.js';

const REQUEST_ID = 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b';

export class ErasureAcceptedDto {
  @ApiProperty({ format: 'uuid', example: REQUEST_ID }) requestId: string;
}

/** Rows removed, by kind. */
export class ErasureCountsDto implements ErasureCounts {
  @ApiProperty({ example: 1 }) identities: number;
  @ApiProperty({ example: 31 }) orders: number;
  @ApiProperty({ example: 240 }) purchaseItems: number;
  @ApiProperty({ example: 3 }) consentDecisions: number;
  @ApiProperty({ example: 4 }) deliveries: number;
  @ApiProperty({ example: 0 }) suppressions: number;
  @ApiProperty({ example: 2 }) campaignAudiences: number;
  @ApiProperty({ example: 1 }) profiles: number;
  @ApiProperty({ example: 1 }) carts: number;
  @ApiProperty({ example: 1 }) devices: number;
}

export class ErasureStatusDto {
  @ApiProperty({ format: 'uuid', example: REQUEST_ID }) requestId: string;
  @ApiProperty({ enum: ['pending', 'running', 'done', 'failed'], example: 'done' }) status: string;
  @ApiProperty({ type: ErasureCountsDto, description: 'What was removed so far' }) removed: ErasureCounts;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T09:00:00.000Z' }) requestedAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', example: '2026-12-01T09:15:02.000Z' }) completedAt: string | null;
  @ApiProperty({ nullable: true, type: String, example: null }) error: string | null;
}

export function toErasureStatus(r: ErasureRequest): ErasureStatusDto {
  return {
    requestId: r.id,
    status: r.status,
    removed: r.removed,
    requestedAt: r.requestedAt.toISOString(),
    completedAt: r.completedAt?.toISOString() ?? null,
    error: r.error,
  };
}

/** `GET /v1/privacy/erasure`: a page of requests, newest first. */
export class ErasureRequestsPageResponseDto extends PageResponseDto {
  @ApiProperty({ type: [ErasureStatusDto] }) requests: ErasureStatusDto[];
}
