import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ShopperOnly } from '../auth/access.decorator.js';
import { ApiShopper } from '../auth/api-access.decorator.js';
import { CurrentShopper } from '../auth/current-principal.decorator.js';
import type { ShopperPrincipal } from '../auth/domain/principal.js';
import { ShopperDataResponseDto, toShopperDataResponse } from './dto/shopper-data.dto.js';
import { ShopperDataService } from './shopper-data.service.js';

@ApiTags('shopper')
@ApiShopper()
@Controller('v1/me/data')
@ShopperOnly()
export class ShopperDataController {
  constructor(private readonly data: ShopperDataService) {}

  /** Everything held about the calling shopper. */
  @Get()
  @ApiOperation({
    summary: 'Everything held about the shopper',
    description:
      'Consents and their history, purchases, the live cart, the habit profile, dismissed reminders, offers delivered and devices (GDPR Art. 15).',
  })
  @ApiOkResponse({ type: ShopperDataResponseDto })
  async get(@CurrentShopper() shopper: ShopperPrincipal): Promise<ShopperDataResponseDto> {
    return toShopperDataResponse(await this.data.collect(shopper.pseudonym));
  }
}
