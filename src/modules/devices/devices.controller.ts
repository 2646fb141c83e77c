import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Idempotent } from '../../common/http/idempotency.interceptor.js';
import { UuidParam } from '../../common/pipes/uuid-param.pipe.js';
import { ShopperOnly } from '../auth/access.decorator.js';
import { CurrentShopper } from '../auth/current-principal.decorator.js';
import type { ShopperPrincipal } from '../auth/domain/principal.js';
import { DevicesService } from './devices.service.js';
import { type DeviceCreatedDto, RegisterDeviceDto } from './dto/device.dto.js';

@ApiTags('shopper')
@ApiBearerAuth()
@Controller('v1/me/devices')
@ShopperOnly()
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  /** Registers a device for push offers; the same token again answers the same id. An `Idempotency-Key` (per shopper) replays the first answer. */
  @Post()
  @HttpCode(201)
  @Idempotent()
  async register(@CurrentShopper() shopper: ShopperPrincipal, @Body() dto: RegisterDeviceDto): Promise<DeviceCreatedDto> {
    return { id: await this.devices.register(shopper.pseudonym, dto.platform, dto.token) };
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentShopper() shopper: ShopperPrincipal, @Param('id', UuidParam) id: string): Promise<void> {
    await this.devices.remove(shopper.pseudonym, id);
  }
}
