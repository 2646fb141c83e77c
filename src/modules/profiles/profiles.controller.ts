import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Idempotent } from '../../common/http/idempotency.interceptor.js';
import { ApiIdempotent } from '../../common/openapi/api-idempotent.decorator.js';
import { Roles } from '../auth/access.decorator.js';
import { ApiStaff } from '../auth/api-access.decorator.js';
import { StaffRole } from '../auth/domain/principal.js';
import { ProfileRebuildStartedDto } from './dto/profile-rebuild.dto.js';
import { ProfileRebuildScheduler } from './profile-rebuild.processor.js';

/** Extension: operators start a full profile rebuild (after a large import, or a Redis loss). */
@ApiTags('operations')
@ApiStaff(StaffRole.Admin)
@Controller('v1/profiles')
@Roles(StaffRole.Admin)
export class ProfilesController {
  constructor(private readonly scheduler: ProfileRebuildScheduler) {}

  /** Starts a rebuild run; `Idempotency-Key` makes a retry answer the first run instead of starting another. */
  @Post('rebuild')
  @HttpCode(202)
  @Idempotent()
  @ApiOperation({
    summary: 'Rebuild every habit profile',
    description: 'Panier extension: starts a full rebuild from the stored purchases (after a large import, or a Redis loss), done by jobs.',
  })
  @ApiIdempotent()
  @ApiAcceptedResponse({ type: ProfileRebuildStartedDto, description: 'The run is started' })
  async rebuild(): Promise<ProfileRebuildStartedDto> {
    return { runId: await this.scheduler.start() };
  }
}
