import { Controller, Delete, HttpCode } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ShopperOnly } from '../auth/access.decorator.js';
import { CurrentShopper } from '../auth/current-principal.decorator.js';
import type { ShopperPrincipal } from '../auth/domain/principal.js';
import { ErasureAcceptedDto } from './dto/erasure.dto.js';
import { ErasureService } from './erasure.service.js';

@ApiTags('shopper')
@ApiBearerAuth()
@Controller('v1/me')
@ShopperOnly()
export class ShopperErasureController {
  constructor(private readonly erasure: ErasureService) {}

  /** Erasure of everything held about the calling shopper, but the minimum proof of the request. */
  @Delete()
  @HttpCode(202)
  @ApiAcceptedResponse({ type: ErasureAcceptedDto })
  async erase(@CurrentShopper() shopper: ShopperPrincipal): Promise<ErasureAcceptedDto> {
    return { requestId: (await this.erasure.requestForShopper(shopper.pseudonym)).id };
  }
}
