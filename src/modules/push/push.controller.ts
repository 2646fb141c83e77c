import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { AppConfig } from '../../config/app-config.js';
import { Public } from '../auth/access.decorator.js';
import { ApiPublic } from '../auth/api-access.decorator.js';
import { VapidPublicKeyDto } from './dto/vapid-public-key.dto.js';

@ApiTags('shopper')
@ApiPublic()
@Controller('v1/push')
@Public()
export class PushController {
  constructor(private readonly config: AppConfig) {}

  @Get('web/vapid-public-key')
  @ApiOperation({
    summary: "The service's VAPID public key",
    description:
      'What a web app passes as `applicationServerKey` to subscribe to Web Push before registering the subscription as a `web` device.',
  })
  @ApiOkResponse({ type: VapidPublicKeyDto })
  @ApiErrors([409, 'Web Push is not configured on this service (`PUSH_PROVIDER_UNAVAILABLE`)'])
  vapidPublicKey(): VapidPublicKeyDto {
    const web = this.config.push.web;
    if (!web) throw new AppError(ErrorCode.PushProviderUnavailable, 'Web Push is not configured');
    return { publicKey: web.publicKey };
  }
}
