import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { PageResponseDto } from '../../../common/openapi/page-response.dto.js';
import type { Supplier } from '../suppliers.repository.js';

export class CreateSupplierDto {
  @ApiProperty({ maxLength: 200, example: 'Oatly' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;
}

export class SupplierResponseDto {
  @ApiProperty({ format: 'uuid', example: '3f2b8c1e-7d4a-4e9b-9c1f-2a6d8e0b5c47' }) id: string;
  @ApiProperty({ example: 'Oatly' }) name: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T08:00:00.000Z' }) createdAt: string;
}

/** `GET /v1/suppliers`: a page, newest first. */
export class SuppliersPageResponseDto extends PageResponseDto {
  @ApiProperty({ type: [SupplierResponseDto] }) suppliers: SupplierResponseDto[];
}

export function toSupplierResponse(s: Supplier): SupplierResponseDto {
  return { id: s.id, name: s.name, createdAt: s.createdAt.toISOString() };
}
