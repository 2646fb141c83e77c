import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ShopperOnly } from '../auth/access.decorator.js';
import { CurrentShopper } from '../auth/current-principal.decorator.js';
import { actorOf, type ShopperPrincipal } from '../auth/domain/principal.js';
import { ConsentService } from './consent.service.js';
import { type ConsentsResponseDto, UpdateConsentsDto, toConsentsResponse } from './dto/consent.dto.js';

@ApiTags('shopper')
@ApiBearerAuth()
@Controller('v1/me/consents')
@ShopperOnly()
export class ConsentController {
  constructor(private readonly consent: ConsentService) {}

  @Get()
  async get(@CurrentShopper() shopper: ShopperPrincipal): Promise<ConsentsResponseDto> {
    return toConsentsResponse(await this.consent.state(shopper.pseudonym));
  }

  @Put()
  async put(@Body() dto: UpdateConsentsDto, @CurrentShopper() shopper: ShopperPrincipal): Promise<ConsentsResponseDto> {
    const { source, noticeVersion, ...choices } = dto;
    const state = await this.consent.update(shopper.pseudonym, { choices, source: source ?? 'api', noticeVersion, actor: actorOf(shopper) });
    return toConsentsResponse(state);
  }
}
