import { Controller, Delete, HttpCode } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ShopperOnly } from '../auth/access.decorator.js';
import { CurrentShopperClaim } from '../auth/current-principal.decorator.js';
import type { ShopperClaim } from '../auth/domain/principal.js';
import { ErasureAcceptedDto } from './dto/erasure.dto.js';
import { ErasureService } from './erasure.service.js';

@ApiTags('shopper')
@ApiBearerAuth()
@Controller('v1/me')
// knownOnly: asking for erasure must not create the shopper (a repeat after the first pass, or a
// customer never seen, would otherwise create a shopper only to erase it).
@ShopperOnly({ knownOnly: true })
export class ShopperErasureController {
  constructor(private readonly erasure: ErasureService) {}

  /** Erasure of everything held about the calling shopper, but the minimum proof of the request. */
  @Delete()
  @HttpCode(202)
  @ApiAcceptedResponse({ type: ErasureAcceptedDto })
  async erase(@CurrentShopperClaim() shopper: ShopperClaim): Promise<ErasureAcceptedDto> {
    return { requestId: (await this.erasure.requestForShopper(shopper)).id };
  }
}
