import { ApiProperty } from '@nestjs/swagger';
import type { OfferPayload } from '../../shopper-channel/domain/offer-payload.js';

class OfferSupplierDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

class OfferDiscountDto {
  @ApiProperty({ enum: ['percent', 'amount'] }) type: 'percent' | 'amount';
  @ApiProperty({ description: 'Percent, or cents for `amount`' }) value: number;
}

/** An entry of `GET /v1/me/offers`: the shape of the `offer` socket event (OfferPayload). */
export class OfferResponseDto implements OfferPayload {
  @ApiProperty({ format: 'uuid' }) deliveryId: string;
  @ApiProperty({ format: 'uuid' }) campaignId: string;
  @ApiProperty({ type: OfferSupplierDto }) supplier: OfferSupplierDto;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty({ type: [String] }) skus: string[];
  @ApiProperty({ type: OfferDiscountDto }) discount: OfferDiscountDto;
  @ApiProperty({ format: 'date-time', description: 'The moment of the delivery decision, to the millisecond' }) deliveredAt: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

/** `GET /v1/me/offers`: a page of the inbox, newest first. */
export class OffersPageResponseDto {
  @ApiProperty({ type: [OfferResponseDto] }) offers: OfferPayload[];
  @ApiProperty({ type: String, nullable: true, description: 'The cursor of the next page; null on the last one' }) nextCursor:
    string | null;
}
