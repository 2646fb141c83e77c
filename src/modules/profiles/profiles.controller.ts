import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
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

  @Post('rebuild')
  @HttpCode(202)
  async rebuild(): Promise<{ runId: string }> {
    return { runId: await this.scheduler.start() };
  }
}
