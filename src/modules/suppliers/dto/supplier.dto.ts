import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { Supplier } from '../suppliers.repository.js';

export class CreateSupplierDto {
  @ApiProperty({ maxLength: 200 })
  @IsString() @IsNotEmpty() @MaxLength(200)
  name: string;
}

export class SupplierResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() createdAt: string;
}

export function toSupplierResponse(s: Supplier): SupplierResponseDto {
  return { id: s.id, name: s.name, createdAt: s.createdAt.toISOString() };
}
