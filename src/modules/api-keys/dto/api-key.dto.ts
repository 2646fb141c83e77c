import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsEnum, IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageResponseDto } from '../../../common/openapi/page-response.dto.js';
import { Optional } from '../../../common/validation/optional.js';
import { StaffRole } from '../../auth/domain/principal.js';
import type { ApiKeyRecord } from '../api-keys.repository.js';

export class CreateApiKeyDto {
  @ApiProperty({ maxLength: 200, example: 'Till ingest, store 12' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: StaffRole, example: StaffRole.Ingest })
  @IsEnum(StaffRole)
  role: StaffRole;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Required for, and only for, the supplier role',
    example: '3f2b8c1e-7d4a-4e9b-9c1f-2a6d8e0b5c47',
  })
  @Optional()
  @IsUUID()
  supplierId?: string;
}

const KEY_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

export class ApiKeyResponseDto {
  @ApiProperty({ format: 'uuid', example: KEY_ID }) id: string;
  @ApiProperty({ example: 'Till ingest, store 12' }) name: string;
  @ApiProperty({ enum: StaffRole, example: StaffRole.Ingest }) role: StaffRole;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The supplier of a supplier key; null otherwise',
    example: null,
  })
  supplierId: string | null;
  @ApiProperty({ description: 'First characters of the key, to recognise it', example: 'pk_live_EXAM' }) keyPrefix: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T08:00:00.000Z' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null while the key works', example: null }) revokedAt:
    string | null;
}

export class CreatedApiKeyResponseDto extends PickType(ApiKeyResponseDto, ['id', 'name', 'role', 'supplierId'] as const) {
  @ApiProperty({ description: 'The secret, shown this once', example: 'pk_live_EXAMPLExxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' }) key: string;
}

/** `GET /v1/api-keys`: a page, newest first. */
export class ApiKeysPageResponseDto extends PageResponseDto {
  @ApiProperty({ type: [ApiKeyResponseDto] }) apiKeys: ApiKeyResponseDto[];
}

export function toApiKeyResponse(k: ApiKeyRecord): ApiKeyResponseDto {
  return {
    id: k.id,
    name: k.name,
    role: k.role,
    supplierId: k.supplierId,
    keyPrefix: k.keyPrefix,
    createdAt: k.createdAt.toISOString(),
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}
