import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { ShopperOnly } from '../auth/access.decorator.js';
import { ApiShopper } from '../auth/api-access.decorator.js';
import { CurrentShopper } from '../auth/current-principal.decorator.js';
import { actorOf, type ShopperPrincipal } from '../auth/domain/principal.js';
import { ConsentService } from './consent.service.js';
import { ConsentsResponseDto, UpdateConsentsDto, toConsentsResponse } from './dto/consent.dto.js';

@ApiTags('shopper')
@ApiShopper()
@Controller('v1/me/consents')
@ShopperOnly()
export class ConsentController {
  constructor(private readonly consent: ConsentService) {}

  @Get()
  @ApiOperation({
    summary: "The shopper's consents",
    description: 'The effective state of each of the four purposes: the latest choice, or the default of its legal basis.',
  })
  @ApiOkResponse({ type: ConsentsResponseDto })
  async get(@CurrentShopper() shopper: ShopperPrincipal): Promise<ConsentsResponseDto> {
    return toConsentsResponse(await this.consent.state(shopper.pseudonym));
  }

  @Put()
  @ApiOperation({
    summary: 'Change consents',
    description:
      'Only the purposes present change; each change is appended to the ledger. The change is effective for every instance when the response arrives. Answers the whole new state.',
  })
  @ApiOkResponse({ type: ConsentsResponseDto })
  @ApiErrors(400, 413, 415, [503, 'The consent store is unreachable: nothing was changed, retry'])
  async put(@Body() dto: UpdateConsentsDto, @CurrentShopper() shopper: ShopperPrincipal): Promise<ConsentsResponseDto> {
    const { source, noticeVersion, ...choices } = dto;
    const state = await this.consent.update(shopper.pseudonym, {
      choices,
      source: source ?? 'api',
      noticeVersion,
      actor: actorOf(shopper),
    });
    return toConsentsResponse(state);
  }
}
