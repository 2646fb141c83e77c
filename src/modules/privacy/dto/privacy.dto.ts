import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';

/** The customer id travels in the body, never in the URL. */
export class CustomerRefDto {
  @ApiProperty({ description: "The retailer's customer id" })
  @IsString() @IsNotEmpty() @MaxLength(128)
  customerId: string;
}

export class ReidentifyDto {
  @ApiProperty() @IsUUID() pseudonym: string;

  @ApiProperty({ description: 'Why the customer must be re-identified (kept in the audit trail)' })
  @IsString() @IsNotEmpty() @MaxLength(1000)
  reason: string;
}

export class AuditEventResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() kind: string;
  @ApiProperty() actor: string;
  @ApiProperty({ nullable: true, type: String }) pseudonym: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ nullable: true, type: Object }) details: Record<string, unknown> | null;
  @ApiProperty() at: string;
}
