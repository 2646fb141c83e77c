import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { Public } from '../auth/access.decorator.js';
import { ApiPublic } from '../auth/api-access.decorator.js';
import { DemoModeGuard } from './demo-mode.guard.js';
import { DemoService } from './demo.service.js';
import { CreateDemoSessionDto, DemoSessionResponseDto, DemoShoppersResponseDto, toDemoShopperResponse } from './dto/demo.dto.js';

const OFF = 'Demo mode is off (DEMO_MODE)';

@ApiTags('demo')
@ApiPublic()
@Controller('v1/demo')
@Public()
@UseGuards(DemoModeGuard)
export class DemoController {
  constructor(private readonly demo: DemoService) {}

  @Get('shoppers')
  @ApiOperation({
    summary: 'Demo shoppers to play',
    description:
      'Only when DEMO_MODE=true (never in production): a few dozen shoppers of the demo world, of varied households, whose staples are due on the day the demo was seeded. No credentials: it is a demo.',
  })
  @ApiOkResponse({ type: DemoShoppersResponseDto })
  @ApiErrors([404, OFF])
  shoppers(): DemoShoppersResponseDto {
    return { shoppers: this.demo.shoppers().map(toDemoShopperResponse), nextCursor: null };
  }

  @Post('sessions')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Sign in as a demo shopper',
    description:
      "Only when DEMO_MODE=true: a shopper JWT (signed with SHOPPER_JWT_SECRET) for a demo shopper, to use as `Authorization: Bearer` and as the `/carts` socket's `auth.token`. No credentials: it is a demo.",
  })
  @ApiCreatedResponse({ type: DemoSessionResponseDto })
  @ApiErrors(
    400,
    [404, `${OFF}, or no such demo shopper`],
    [409, 'Only SHOPPER_JWT_PUBLIC_KEY is configured: Panier cannot sign tokens'],
    413,
    415,
  )
  async startSession(@Body() dto: CreateDemoSessionDto): Promise<DemoSessionResponseDto> {
    const { token, expiresAt } = await this.demo.startSession(dto.handle);
    return { token, expiresAt: expiresAt.toISOString() };
  }
}
