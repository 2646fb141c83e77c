import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../../common/errors/app-error.js';
import { toErrorBody } from '../../common/errors/error-mapping.js';
import { sameOriginPolicy } from '../../common/http/content-security-policy.js';
import { AppConfig } from '../../config/app-config.js';
import { QueueName } from '../../infra/queue/queue-names.js';
import { ApiKeysService } from '../api-keys/api-keys.service.js';
import { StaffRole, roleAllows } from '../auth/domain/principal.js';
import { RateLimitService } from '../auth/rate-limit.service.js';
import { basicPassword, writesJobData } from './domain/dashboard-access.js';

const REALM = 'Basic realm="Panier queue dashboard", charset="UTF-8"';

/**
 * Bull Board's page links its fonts from Google Fonts: the browser would tell Google who opens the
 * dashboard, and when (and needs the internet for it). The page, its scripts and its JSON API are
 * all served from here, so the policy allows this origin alone; the browser blocks the font sheet
 * and falls back to local fonts. Inline styles stay allowed: the page's loading screen uses them.
 */
export const DASHBOARD_CONTENT_SECURITY_POLICY = sameOriginPolicy({ 'style-src': "'self' 'unsafe-inline'", 'font-src': "'self' data:" });

/**
 * The BullMQ dashboard (Bull Board) over every queue of QueueName, behind HTTP Basic whose
 * password is an API key of role `admin` (docs/operations.md). It is plain Express mounted
 * by setupApp, not Nest routes: the guard, which reads `X-Api-Key`, never sees it, so this
 * class authenticates every request under the mount point (page, static assets, JSON API).
 */
@Injectable()
export class QueueDashboard {
  private readonly logger = new Logger(QueueDashboard.name);

  constructor(
    private readonly config: AppConfig,
    private readonly moduleRef: ModuleRef,
    private readonly apiKeys: ApiKeysService,
    private readonly rateLimits: RateLimitService,
  ) {}

  /** The handlers to mount at QUEUE_DASHBOARD_PATH: access first, then the board. Fails if a queue is not registered. */
  handlers(): RequestHandler[] {
    const basePath = this.config.operations.queueDashboardPath;
    const serverAdapter = new ExpressAdapter().setBasePath(basePath);
    createBullBoard({
      queues: Object.values(QueueName).map((name) => new BullMQAdapter(this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }))),
      serverAdapter,
      options: { uiConfig: { boardTitle: 'Panier queues' } },
    });
    const access: RequestHandler = (req, res, next) => void this.authorize(req, res, next);
    return [access, serverAdapter.getRouter() as RequestHandler];
  }

  private async authorize(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      const password = basicPassword(req.headers.authorization);
      const principal = password === undefined ? undefined : await this.apiKeys.authenticate(password);
      if (!principal) {
        res.setHeader('WWW-Authenticate', REALM);
        throw AppError.unauthorized('The queue dashboard needs an admin API key as the HTTP Basic password');
      }
      await this.rateLimits.consume('key', principal.keyId);
      if (!roleAllows(principal.role, [StaffRole.Admin])) throw AppError.forbidden('The queue dashboard is for admin keys');
      if (writesJobData(req.method, req.path))
        throw AppError.forbidden('Adding jobs and editing job data are not allowed from the dashboard');
      // Job data and Redis figures are for this admin only; no intermediary keeps them.
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Content-Security-Policy', DASHBOARD_CONTENT_SECURITY_POLICY);
      next();
    } catch (error) {
      const { body, expected, retryAfter } = toErrorBody(error);
      if (!expected) this.logger.error({ err: error }, 'queue dashboard access failed');
      if (retryAfter) res.setHeader('Retry-After', String(retryAfter));
      res.status(body.statusCode).json(body);
    }
  }
}
