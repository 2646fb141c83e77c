import { Controller, Delete, HttpCode } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ShopperOnly } from '../auth/access.decorator.js';
import { ApiShopper } from '../auth/api-access.decorator.js';
import { CurrentShopperClaim } from '../auth/current-principal.decorator.js';
import type { ShopperClaim } from '../auth/domain/principal.js';
import { ErasureAcceptedDto } from './dto/erasure.dto.js';
import { ErasureService } from './erasure.service.js';

@ApiTags('shopper')
@ApiShopper({ knownOnly: true })
@Controller('v1/me')
// knownOnly: asking for erasure must not create the shopper (a repeat after the first pass, or a
// customer never seen, would otherwise create a shopper only to erase it).
@ShopperOnly({ knownOnly: true })
export class ShopperErasureController {
  constructor(private readonly erasure: ErasureService) {}

  /** Erasure of everything held about the calling shopper, but the minimum proof of the request. */
  @Delete()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Erase everything held about the shopper',
    description:
      'Everything but the minimum proof of the request, done by a job. Asking again (or for a customer never seen) is accepted too.',
  })
  @ApiAcceptedResponse({ type: ErasureAcceptedDto, description: 'The erasure is queued' })
  async erase(@CurrentShopperClaim() shopper: ShopperClaim): Promise<ErasureAcceptedDto> {
    return { requestId: (await this.erasure.requestForShopper(shopper)).id };
  }
}
