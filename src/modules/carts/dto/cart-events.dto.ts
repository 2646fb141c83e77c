import { IsInt, IsNotEmpty, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { Optional } from '../../../common/validation/optional.js';

/** Skus are retailer codes: printable, no spaces at the ends, at most 64 characters. */
// eslint-disable-next-line no-control-regex -- the point is to refuse control characters
const SKU = /^[^\s\u0000-\u001f](?:[^\u0000-\u001f]{0,62}[^\s\u0000-\u001f])?$/;

/** `cart:add` */
export class AddToCartDto {
  @IsString() @Matches(SKU, { message: 'sku must be 1-64 printable characters' })
  sku: string;

  /** Defaults to 1; the per-line maximum is CART_MAX_QUANTITY. */
  @Optional() @IsInt() @Min(1) @Max(10_000)
  quantity?: number;
}

/** `cart:remove`: without quantity, the whole line. */
export class RemoveFromCartDto {
  @IsString() @Matches(SKU, { message: 'sku must be 1-64 printable characters' })
  sku: string;

  @Optional() @IsInt() @Min(1) @Max(10_000)
  quantity?: number;
}

/** `cart:clear`, `cart:review`: no fields. */
export class EmptyPayloadDto {}

/** `cart:checkout` */
export class CheckoutDto {
  @IsString() @IsNotEmpty() @MaxLength(128) @Matches(/^[\x21-\x7e]+$/, { message: 'orderId must be printable ASCII without spaces' })
  orderId: string;
}

/** `reminder:dismiss` */
export class DismissReminderDto {
  @IsString() @Matches(SKU, { message: 'sku must be 1-64 printable characters' })
  sku: string;
}

/** `offer:seen`, `offer:dismiss` */
export class OfferRefDto {
  @IsUUID()
  deliveryId: string;
}
