import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Idempotent } from '../../common/http/idempotency.interceptor.js';
import { Roles } from '../auth/access.decorator.js';
import { StaffRole } from '../auth/domain/principal.js';
import { ProfileRebuildScheduler } from './profile-rebuild.processor.js';

/** Extension: operators start a full profile rebuild (after a large import, or a Redis loss). */
@ApiTags('operations')
@ApiSecurity('apiKey')
@Controller('v1/profiles')
@Roles(StaffRole.Admin)
export class ProfilesController {
  constructor(private readonly scheduler: ProfileRebuildScheduler) {}

  /** Starts a rebuild run; `Idempotency-Key` makes a retry answer the first run instead of starting another. */
  @Post('rebuild')
  @HttpCode(202)
  @Idempotent()
  async rebuild(): Promise<{ runId: string }> {
    return { runId: await this.scheduler.start() };
  }
}
