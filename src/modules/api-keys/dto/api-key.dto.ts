import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';
import { Optional } from '../../../common/validation/optional.js';
import { StaffRole } from '../../auth/domain/principal.js';
import type { ApiKeyRecord } from '../api-keys.repository.js';

export class CreateApiKeyDto {
  @ApiProperty({ maxLength: 200 })
  @IsString() @IsNotEmpty() @MaxLength(200)
  name: string;

  @ApiProperty({ enum: StaffRole })
  @IsEnum(StaffRole)
  role: StaffRole;

  @ApiPropertyOptional({ description: 'Required for, and only for, the supplier role' })
  @Optional() @IsUUID()
  supplierId?: string;
}

export class CreatedApiKeyResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'The secret, shown this once' }) key: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: StaffRole }) role: StaffRole;
  @ApiPropertyOptional() supplierId: string | null;
}

export class ApiKeyResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: StaffRole }) role: StaffRole;
  @ApiPropertyOptional() supplierId: string | null;
  @ApiProperty({ description: 'First characters of the key, to recognise it' }) keyPrefix: string;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional() revokedAt: string | null;
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
