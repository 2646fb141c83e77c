import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageResponseDto } from '../../../common/openapi/page-response.dto.js';
import { AuditKind } from '../../audit/domain/audit-event.js';
import { ConsentHistoryEntryDto } from '../../consent/dto/consent.dto.js';

/** The customer id travels in the body, never in the URL. */
export class CustomerRefDto {
  @ApiProperty({ description: "The retailer's customer id", example: 'C-000123' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  customerId: string;
}

export class ReidentifyDto {
  @ApiProperty({ format: 'uuid', example: '5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' }) @IsUUID() pseudonym: string;

  @ApiProperty({ description: 'Why the customer must be re-identified (kept in the audit trail)', example: 'Court order 2026/117' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason: string;
}

export class AuditEventResponseDto {
  @ApiProperty({ description: 'Opaque, increasing', example: '1042' }) id: string;
  @ApiProperty({ enum: AuditKind, example: AuditKind.Reidentification }) kind: string;
  @ApiProperty({ description: '`key:<id>` of the staff key, or the job', example: 'key:7c9e6679-7425-40de-944b-e07fc1f90ae7' })
  actor: string;
  @ApiProperty({ nullable: true, type: String, example: '5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' }) pseudonym: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Court order 2026/117' }) reason: string | null;
  @ApiProperty({ nullable: true, type: Object, additionalProperties: true, example: null }) details: Record<string, unknown> | null;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T09:00:00.000Z' }) at: string;
}

/** `GET /v1/privacy/audit`: a page of the trail, newest first. */
export class AuditEventsPageResponseDto extends PageResponseDto {
  @ApiProperty({ type: [AuditEventResponseDto] }) events: AuditEventResponseDto[];
}

/** `POST /v1/privacy/consent-history`: a page of the customer's ledger, newest first. */
export class ConsentHistoryPageResponseDto extends PageResponseDto {
  @ApiProperty({ type: [ConsentHistoryEntryDto] }) history: ConsentHistoryEntryDto[];
}

/** `POST /v1/privacy/reidentify`: the one answer that holds a raw customer id. */
export class ReidentifiedDto {
  @ApiProperty({ example: 'C-000123' }) customerId: string;
}

/** `POST /v1/privacy/retention/run`: the run started (or, on a replayed `Idempotency-Key`, the first one). */
export class RetentionRunStartedDto {
  @ApiProperty({ example: 'retention-0f8e2d1c-4b5a-4c6d-9e8f-7a6b5c4d3e2f' }) runId: string;
}
