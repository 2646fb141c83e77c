import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorResponseDto } from '../../common/http/error-response.dto.js';
import { PageQueryDto } from '../../common/http/pagination.js';
import { UuidParam } from '../../common/pipes/uuid-param.pipe.js';
import { ShopperOnly } from '../auth/access.decorator.js';
import { ApiShopper } from '../auth/api-access.decorator.js';
import { CurrentShopper } from '../auth/current-principal.decorator.js';
import type { ShopperPrincipal } from '../auth/domain/principal.js';
import type { OfferPayload } from '../shopper-channel/domain/offer-payload.js';
import { OffersPageResponseDto } from './dto/offer-response.dto.js';
import { OffersService } from './offers.service.js';

@ApiTags('shopper')
@ApiShopper()
@Controller('v1/me/offers')
@ShopperOnly()
export class OffersController {
  constructor(private readonly offers: OffersService) {}

  /** Offers delivered to the shopper, still valid and not dismissed, in the shape of the `offer` event; newest first, paginated. */
  @Get()
  @ApiOperation({
    summary: "List the shopper's offers",
    description:
      'Offers delivered to the shopper, still valid and not dismissed, in the shape of the `offer` socket event; newest first, paginated.',
  })
  @ApiOkResponse({ type: OffersPageResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Bad `limit` or `cursor` (the detail names it)' })
  async list(
    @CurrentShopper() shopper: ShopperPrincipal,
    @Query() query: PageQueryDto,
  ): Promise<{ offers: OfferPayload[]; nextCursor: string | null }> {
    const page = await this.offers.inbox(shopper.pseudonym, query.limit, query.cursor);
    return { offers: page.items, nextCursor: page.nextCursor };
  }

  /** Panier extension, the REST twin of the `offer:seen` socket event. */
  @Post(':deliveryId/seen')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Mark an offer seen',
    description: 'Panier extension, the REST twin of the `offer:seen` socket event. Idempotent.',
  })
  @ApiNoContentResponse({ description: 'Marked seen (idempotent)' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: '`deliveryId` is not a UUID' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: "Unknown delivery, or another shopper's" })
  async seen(@CurrentShopper() shopper: ShopperPrincipal, @Param('deliveryId', UuidParam) deliveryId: string): Promise<void> {
    await this.offers.markSeen(shopper.pseudonym, deliveryId);
  }

  /** Panier extension, the REST twin of the `offer:dismiss` socket event. */
  @Post(':deliveryId/dismiss')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Dismiss an offer',
    description: 'Panier extension, the REST twin of the `offer:dismiss` socket event: the offer leaves the inbox. Idempotent.',
  })
  @ApiNoContentResponse({ description: 'Dismissed: the offer leaves the inbox (idempotent)' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: '`deliveryId` is not a UUID' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: "Unknown delivery, or another shopper's" })
  async dismiss(@CurrentShopper() shopper: ShopperPrincipal, @Param('deliveryId', UuidParam) deliveryId: string): Promise<void> {
    await this.offers.dismiss(shopper.pseudonym, deliveryId);
  }
}
