import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../common/pipes/uuid-param.pipe.js';
import { ShopperOnly } from '../auth/access.decorator.js';
import { CurrentShopper } from '../auth/current-principal.decorator.js';
import type { ShopperPrincipal } from '../auth/domain/principal.js';
import type { OfferPayload } from './domain/offer.js';
import { OffersService } from './offers.service.js';

@ApiTags('shopper')
@ApiBearerAuth()
@Controller('v1/me/offers')
@ShopperOnly()
export class OffersController {
  constructor(private readonly offers: OffersService) {}

  /** Offers delivered to the shopper and still valid, in the shape of the `offer` event. */
  @Get()
  async list(@CurrentShopper() shopper: ShopperPrincipal): Promise<{ offers: OfferPayload[] }> {
    return { offers: await this.offers.inbox(shopper.pseudonym) };
  }

  /** Panier extension, the REST twin of the `offer:seen` socket event. */
  @Post(':deliveryId/seen')
  @HttpCode(204)
  async seen(@CurrentShopper() shopper: ShopperPrincipal, @Param('deliveryId', UuidParam) deliveryId: string): Promise<void> {
    await this.offers.markSeen(shopper.pseudonym, deliveryId);
  }

  /** Panier extension, the REST twin of the `offer:dismiss` socket event. */
  @Post(':deliveryId/dismiss')
  @HttpCode(204)
  async dismiss(@CurrentShopper() shopper: ShopperPrincipal, @Param('deliveryId', UuidParam) deliveryId: string): Promise<void> {
    await this.offers.dismiss(shopper.pseudonym, deliveryId);
  }
}
