import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { Response } from 'express';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import { RedisService } from '../../infra/redis/redis.service.js';
import { Public } from '../auth/access.decorator.js';

const CHECK_TIMEOUT_MS = 2000;

@ApiTags('operations')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly prisma: PrismaService,
    private readonly redis: RedisService,
  ) {}

  /** The process answers: restart it if not. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * PostgreSQL and Redis answer: send traffic here if so. Otherwise 503 in the contract's error
   * body, each failing part a detail (`field` its name), with Terminus' `status`, `info` and
   * `error` beside it for tools that read those.
   */
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response): Promise<unknown> {
    try {
      return await this.health.check([
        () => this.indicator.check('postgres').attempt(() => this.prisma.ping()).withTimeout(CHECK_TIMEOUT_MS),
        () => this.indicator.check('redis').attempt(() => this.redis.ping()).withTimeout(CHECK_TIMEOUT_MS),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as Pick<HealthCheckResult, 'status' | 'info' | 'error'>;
      const failing = Object.entries(result.error ?? {}).map(([part, state]) => ({ field: part, message: String(state?.message ?? state?.status ?? 'down') }));
      const body = new AppError(ErrorCode.ServiceUnavailable, `Not ready: ${failing.map((f) => f.field).join(', ') || 'unknown'}`, failing).toBody();
      res.status(body.statusCode);
      return { ...body, status: result.status, info: result.info, error: result.error };
    }
  }
}
