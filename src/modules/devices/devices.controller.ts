import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Idempotent } from '../../common/http/idempotency.interceptor.js';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { ApiIdempotent } from '../../common/openapi/api-idempotent.decorator.js';
import { UuidParam } from '../../common/pipes/uuid-param.pipe.js';
import { ShopperOnly } from '../auth/access.decorator.js';
import { ApiShopper } from '../auth/api-access.decorator.js';
import { CurrentShopper } from '../auth/current-principal.decorator.js';
import type { ShopperPrincipal } from '../auth/domain/principal.js';
import { DevicesService } from './devices.service.js';
import { DeviceCreatedDto, RegisterDeviceDto } from './dto/device.dto.js';

@ApiTags('shopper')
@ApiShopper()
@Controller('v1/me/devices')
@ShopperOnly()
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  /** Registers a device for push offers; the same token again answers the same id. An `Idempotency-Key` (per shopper) replays the first answer. */
  @Post()
  @HttpCode(201)
  @Idempotent()
  @ApiOperation({
    summary: 'Register a device for push offers',
    description:
      'A native push token (`ios`, `android`: APNs, FCM or the gateway) or a Web Push subscription (`web`); the same token again answers the same id and moves to the shopper registering it.',
  })
  @ApiIdempotent()
  @ApiCreatedResponse({ type: DeviceCreatedDto })
  @ApiErrors(
    [400, 'Bad platform, provider or token (an APNs token is 64 hex characters; a Web Push endpoint must be a known push service)'],
    [409, 'The provider is not configured on this service (`PUSH_PROVIDER_UNAVAILABLE`)'],
    413,
    415,
  )
  async register(@CurrentShopper() shopper: ShopperPrincipal, @Body() dto: RegisterDeviceDto): Promise<DeviceCreatedDto> {
    return { id: await this.devices.register(shopper.pseudonym, dto.platform, dto.token, dto.provider) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a device', description: 'No more push offers to it.' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiErrors([400, '`id` is not a UUID'], [404, "Unknown device, or another shopper's"])
  async remove(@CurrentShopper() shopper: ShopperPrincipal, @Param('id', UuidParam) id: string): Promise<void> {
    await this.devices.remove(shopper.pseudonym, id);
  }
}
