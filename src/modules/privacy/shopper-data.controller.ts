import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ShopperOnly } from '../auth/access.decorator.js';
import { CurrentShopper } from '../auth/current-principal.decorator.js';
import type { ShopperPrincipal } from '../auth/domain/principal.js';
import { toShopperDataResponse } from './dto/shopper-data.dto.js';
import { ShopperDataService } from './shopper-data.service.js';

@ApiTags('shopper')
@ApiBearerAuth()
@Controller('v1/me/data')
@ShopperOnly()
export class ShopperDataController {
  constructor(private readonly data: ShopperDataService) {}

  /** Everything held about the calling shopper. */
  @Get()
  async get(@CurrentShopper() shopper: ShopperPrincipal): Promise<Record<string, unknown>> {
    return toShopperDataResponse(await this.data.collect(shopper.pseudonym));
  }
}
