import { ApiProperty } from '@nestjs/swagger';
import { ConsentHistoryEntryDto, ConsentPurposesDto, toConsentHistoryEntry, toConsentsResponse } from '../../consent/dto/consent.dto.js';
import { PurchaseRecordResponseDto } from '../../purchases/dto/purchase.dto.js';
import type { ShopperData } from '../shopper-data.service.js';

const SKU = 'SKU-7310865004703';
const AT = '2026-12-01T09:00:00.000Z';

export class CartLineDto {
  @ApiProperty({ example: SKU }) sku: string;
  @ApiProperty({ required: false, description: 'The product name, when the catalog knows the sku', example: 'Organic oat milk 1 L' })
  name?: string;
  @ApiProperty({ example: 2 }) quantity: number;
}

/** The live cart (the `cart:state` socket event's `cart`). */
export class CartDto {
  @ApiProperty({ type: [CartLineDto] }) items: CartLineDto[];
  @ApiProperty({ description: 'Incremented by every change; 0 for a cart never changed', example: 7 }) version: number;
  @ApiProperty({ format: 'date-time', example: AT }) updatedAt: string;
}

export class ProfileItemDto {
  @ApiProperty({ example: SKU }) sku: string;
  @ApiProperty({ example: 12 }) timesBought: number;
  @ApiProperty({ format: 'date-time', example: '2025-06-02T17:40:00.000Z' }) firstBoughtAt: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-29T10:15:00.000Z' }) lastBoughtAt: string;
  @ApiProperty({ type: Number, nullable: true, example: 7 }) typicalIntervalDays: number | null;
  @ApiProperty({ example: 0.82 }) recencyWeight: number;
}

/** The habit profile reminders are computed from. */
export class ProfileViewDto {
  @ApiProperty({ example: 31 }) orders: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2025-06-02T17:40:00.000Z' }) firstOrderAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-29T10:15:00.000Z' }) lastOrderAt: string | null;
  @ApiProperty({ type: [ProfileItemDto] }) items: ProfileItemDto[];
}

export class DismissedReminderDto {
  @ApiProperty({ example: SKU }) sku: string;
  @ApiProperty({ format: 'date-time', description: 'Not reminded again before then', example: '2026-12-31T09:00:00.000Z' }) until: string;
}

export class ConsentProofDto {
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      "The consent ledger position (the shopper's consent version, as `position` in the consent history) the delivery decision read; null for deliveries stored before proofs were kept",
    example: 3,
  })
  ledgerPosition: number | null;
  @ApiProperty({
    type: [String],
    description: 'The purposes the decision found granted at that position: targeted_offers, plus push_marketing for a push-only campaign',
    example: ['targeted_offers'],
  })
  purposes: string[];
}

export class DeliveryRecordDto {
  @ApiProperty({ format: 'uuid', example: '9b2e4f6a-1c3d-5e7f-8a9b-0c1d2e3f4a5b' }) deliveryId: string;
  @ApiProperty({ format: 'uuid', example: 'c4a1e2b3-5d6f-4a7b-8c9d-0e1f2a3b4c5d' }) campaignId: string;
  @ApiProperty({ enum: ['in_app', 'push'], example: 'in_app' }) channel: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T09:30:12.345Z' }) deliveredAt: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Panier extension: what became of the push (pending, sent, no_device, no_consent, failed, expired, …); null when the campaign asked for none',
    example: null,
  })
  pushStatus: string | null;
  @ApiProperty({ type: ConsentProofDto, description: 'What allowed the send' }) consentProof: ConsentProofDto;
}

export class DeviceRecordDto {
  @ApiProperty({ format: 'uuid', example: '1e7d3c5b-9a8f-4e6d-8c2b-4a5f6e7d8c9b' }) id: string;
  @ApiProperty({ enum: ['ios', 'android', 'web'], example: 'web' }) platform: string;
  @ApiProperty({ enum: ['apns', 'fcm', 'webpush', 'gateway'], example: 'webpush', description: 'Who carries its pushes' }) provider: string;
  @ApiProperty({ format: 'date-time', example: AT }) createdAt: string;
}

/** The JSON document of `GET /v1/me/data`: everything held about the shopper. */
export class ShopperDataResponseDto {
  @ApiProperty({ type: ConsentPurposesDto }) consents: ConsentPurposesDto;
  @ApiProperty({ type: [ConsentHistoryEntryDto], description: 'Every choice, newest first' }) consentHistory: ConsentHistoryEntryDto[];
  @ApiProperty({ type: [PurchaseRecordResponseDto] }) purchases: PurchaseRecordResponseDto[];
  @ApiProperty({ type: CartDto }) cart: CartDto;
  @ApiProperty({ type: ProfileViewDto }) profile: ProfileViewDto;
  @ApiProperty({ type: [DismissedReminderDto] }) dismissedReminders: DismissedReminderDto[];
  @ApiProperty({ type: [DeliveryRecordDto] }) deliveries: DeliveryRecordDto[];
  @ApiProperty({ type: [DeviceRecordDto] }) devices: DeviceRecordDto[];
}

/** `POST /v1/privacy/export`: the same document, and the pseudonym it is kept under. */
export class PrivacyExportResponseDto extends ShopperDataResponseDto {
  @ApiProperty({ format: 'uuid', example: '5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' }) pseudonym: string;
}

/** The JSON document of `GET /v1/me/data` and `POST /v1/privacy/export` (dates as ISO strings). */
export function toShopperDataResponse(data: ShopperData): ShopperDataResponseDto {
  return {
    consents: toConsentsResponse(data.consents).consents,
    consentHistory: data.consentHistory.map(toConsentHistoryEntry),
    purchases: data.purchases.map((p) => ({
      orderId: p.orderId,
      purchasedAt: p.purchasedAt.toISOString(),
      channel: p.channel,
      storeId: p.storeId,
      items: p.items,
    })),
    cart: data.cart,
    profile: {
      orders: data.profile.orders,
      firstOrderAt: data.profile.firstOrderAt?.toISOString() ?? null,
      lastOrderAt: data.profile.lastOrderAt?.toISOString() ?? null,
      items: data.profile.items.map((i) => ({
        ...i,
        firstBoughtAt: i.firstBoughtAt.toISOString(),
        lastBoughtAt: i.lastBoughtAt.toISOString(),
      })),
    },
    dismissedReminders: data.dismissedReminders.map((d) => ({ sku: d.sku, until: d.until.toISOString() })),
    deliveries: data.deliveries.map((d) => ({
      deliveryId: d.deliveryId,
      campaignId: d.campaignId,
      channel: d.channel,
      deliveredAt: d.deliveredAt.toISOString(),
      pushStatus: d.pushStatus,
      consentProof: {
        ledgerPosition: d.consentPosition === null ? null : Number(d.consentPosition),
        // What the decision checked (requiredPurposes): in-app needs targeted_offers, push alone push_marketing too.
        purposes: d.channel === 'push' ? ['targeted_offers', 'push_marketing'] : ['targeted_offers'],
      },
    })),
    devices: data.devices.map((d) => ({ ...d, createdAt: d.createdAt.toISOString() })),
  };
}
