import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AppError } from '../../common/errors/app-error.js';
import { AppConfig } from '../../config/app-config.js';
import { MetricsService } from '../../infra/metrics/metrics.service.js';
import { Public } from '../auth/access.decorator.js';

/** Prometheus scrape endpoint. Keep it on the internal network, or move it with METRICS_PORT. */
@ApiExcludeController()
@Controller('metrics')
@Public()
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    // With METRICS_PORT set, metrics live on their own port only (see main.ts).
    if (this.config.operations.metricsPort !== undefined) throw AppError.notFound('Route');
    return this.metrics.registry.metrics();
  }
}
