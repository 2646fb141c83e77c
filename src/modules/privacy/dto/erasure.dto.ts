import { ApiProperty } from '@nestjs/swagger';
import type { ErasureCounts, ErasureRequest } from '../domain/erasure.js';

export class ErasureAcceptedDto {
  @ApiProperty({ format: 'uuid' }) requestId: string;
}

export class ErasureStatusDto {
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty({ enum: ['pending', 'running', 'done', 'failed'] }) status: string;
  @ApiProperty({
    description: 'What was removed: identities, orders, purchaseItems, consentDecisions, deliveries, suppressions, campaignAudiences, profiles, carts, devices',
    type: Object,
  })
  removed: ErasureCounts;
  @ApiProperty() requestedAt: string;
  @ApiProperty({ nullable: true, type: String }) completedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
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
