import { ApiProperty } from '@nestjs/swagger';
import type { OfferPayload } from '../../shopper-channel/domain/offer-payload.js';

class OfferSupplierDto {
  @ApiProperty({ format: 'uuid', example: '3f2b8c1e-7d4a-4e9b-9c1f-2a6d8e0b5c47' }) id: string;
  @ApiProperty({ example: 'Oatly' }) name: string;
}

class OfferDiscountDto {
  @ApiProperty({ enum: ['percent', 'amount'], example: 'percent' }) type: 'percent' | 'amount';
  @ApiProperty({ description: 'Percent, or cents for `amount`', example: 20 }) value: number;
}

/** An entry of `GET /v1/me/offers`: the shape of the `offer` socket event (OfferPayload). */
export class OfferResponseDto implements OfferPayload {
  @ApiProperty({ format: 'uuid', example: '9b2e4f6a-1c3d-5e7f-8a9b-0c1d2e3f4a5b' }) deliveryId: string;
  @ApiProperty({ format: 'uuid', example: 'c4a1e2b3-5d6f-4a7b-8c9d-0e1f2a3b4c5d' }) campaignId: string;
  @ApiProperty({ type: OfferSupplierDto }) supplier: OfferSupplierDto;
  @ApiProperty({ example: '20 % off oat milk' }) title: string;
  @ApiProperty({ example: 'This week only, on every Oatly 1 L.' }) body: string;
  @ApiProperty({ type: [String], example: ['SKU-7310865004703'] }) skus: string[];
  @ApiProperty({ type: OfferDiscountDto }) discount: OfferDiscountDto;
  @ApiProperty({
    format: 'date-time',
    description: 'The moment of the delivery decision, to the millisecond',
    example: '2026-12-01T09:30:12.345Z',
  })
  deliveredAt: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-08T09:30:12.345Z' }) expiresAt: string;
}

/** `GET /v1/me/offers`: a page of the inbox, newest first. */
export class OffersPageResponseDto {
  @ApiProperty({ type: [OfferResponseDto] }) offers: OfferPayload[];
  @ApiProperty({ type: String, nullable: true, description: 'The cursor of the next page; null on the last one', example: null })
  nextCursor: string | null;
}
