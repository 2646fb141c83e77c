import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** The payload of the `offer:seen` and `offer:dismiss` socket events. */
export class OfferActionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  deliveryId: string;
}
