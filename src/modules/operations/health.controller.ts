import { Controller, Get, Logger, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { type HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { Response } from 'express';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { DatabasePools } from '../../infra/database/database-pools.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import { RedisService } from '../../infra/redis/redis.service.js';
import { Public } from '../auth/access.decorator.js';
import { ApiPublic } from '../auth/api-access.decorator.js';
import { HealthLiveDto, HealthNotReadyDto, HealthReadyDto } from './dto/health.dto.js';

const CHECK_TIMEOUT_MS = 2000;

@ApiTags('operations')
@ApiPublic()
@Controller('health')
@Public()
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly prisma: PrismaService,
    private readonly redis: RedisService,
    private readonly pools: DatabasePools,
  ) {}

  /** The process answers: restart it if not. */
  @Get('live')
  @ApiOperation({ summary: 'Liveness', description: 'The process answers: restart it if not.' })
  @ApiOkResponse({ type: HealthLiveDto })
  live(): HealthLiveDto {
    return { status: 'ok' };
  }

  /**
   * PostgreSQL and Redis answer: send traffic here if so. Otherwise 503 in the contract's error
   * body, each failing part a detail (`field` its name), with Terminus' `status`, `info` and
   * `error` beside it for tools that read those. Anyone may call it: the answer says which part
   * failed, never why (driver messages name hosts, users and databases); the log says why.
   *
   * The read replica (DATABASE_READ_URL), when there is one, is reported as `postgres_replica` but
   * never makes the instance unready: without it reports and exports read the primary, and taking
   * every instance out of the load balancer for it would stop the carts too. Down, it is listed in
   * `degraded`, beside `status: "ok"`.
   */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness', description: 'PostgreSQL and Redis answer: send traffic here if so.' })
  @ApiOkResponse({ type: HealthReadyDto })
  @ApiServiceUnavailableResponse({
    type: HealthNotReadyDto,
    description: "Not ready: the common error body (code SERVICE_UNAVAILABLE), each failing part a detail, with Terminus' fields beside it",
  })
  async ready(@Res({ passthrough: true }) res: Response): Promise<unknown> {
    const [result, replica] = await Promise.all([this.check(res), this.replicaState()]);
    if (!replica) return result;
    const parts = { ...result.details, postgres_replica: { status: replica } };
    if (replica === 'up') return { ...result, info: { ...result.info, postgres_replica: { status: replica } }, details: parts };
    this.logger.warn('read replica down: reports and exports read the primary');
    return { ...result, details: parts, degraded: ['postgres_replica'] };
  }

  private async replicaState(): Promise<'up' | 'down' | undefined> {
    const up = await Promise.race([this.pools.replicaUp(), sleep(CHECK_TIMEOUT_MS, false, { ref: false })]);
    return up === undefined ? undefined : up ? 'up' : 'down';
  }

  private async check(res: Response): Promise<Record<string, unknown> & { info?: object; details?: object }> {
    try {
      return await this.health.check([
        () =>
          this.indicator
            .check('postgres')
            .attempt(() => this.prisma.ping())
            .withTimeout(CHECK_TIMEOUT_MS),
        () =>
          this.indicator
            .check('redis')
            .attempt(() => this.redis.ping())
            .withTimeout(CHECK_TIMEOUT_MS),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as Pick<HealthCheckResult, 'status' | 'info' | 'error'>;
      this.logger.warn({ error: result.error }, 'not ready');
      const failing = Object.keys(result.error ?? {}).map((part) => ({ field: part, message: 'down' }));
      const body = new AppError(
        ErrorCode.ServiceUnavailable,
        `Not ready: ${failing.map((f) => f.field).join(', ') || 'unknown'}`,
        failing,
      ).toBody();
      res.status(body.statusCode);
      return { ...body, status: result.status, info: statusesOf(result.info), error: statusesOf(result.error) };
    }
  }
}

/** Each part's `up` / `down`, without what its indicator said beside it. */
function statusesOf(parts: HealthCheckResult['info']): Record<string, { status: string }> {
  return Object.fromEntries(Object.entries(parts ?? {}).map(([part, state]) => [part, { status: String(state?.status ?? 'down') }]));
}
