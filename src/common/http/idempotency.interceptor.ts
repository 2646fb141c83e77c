import { createHash } from 'node:crypto';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, type Observable, of, switchMap, tap } from 'rxjs';
import { AppConfig } from '../../config/app-config.js';
import { RedisService } from '../../infra/redis/redis.service.js';
import { AppError, ErrorCode } from '../errors/app-error.js';

const IDEMPOTENT = 'panier:idempotent';

/** Marks a creating POST whose `Idempotency-Key` header makes retries return the first answer. */
export const Idempotent = () => SetMetadata(IDEMPOTENT, true);

interface StoredAnswer {
  state: 'done' | 'pending';
  fingerprint: string;
  status?: number;
  body?: unknown;
}

const PENDING_TTL_SECONDS = 60;
const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * `Idempotency-Key` for creating POSTs (CONTRACT "Conventions"): the same key from the same
 * caller on the same route returns the first successful answer; the same key with another body
 * is a 409; a retry while the first is still running is a 409 too. Only successes are kept,
 * for IDEMPOTENCY_TTL_SECONDS, in Redis so that every instance sees them.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly redis: RedisService,
    private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http' || !this.reflector.get<boolean>(IDEMPOTENT, context.getHandler())) return next.handle();
    const req = context.switchToHttp().getRequest<Request & { principal?: { kind: string; keyId?: string; pseudonym?: string } }>();
    const res = context.switchToHttp().getResponse<Response>();
    const header = req.headers['idempotency-key'];
    if (header === undefined) return next.handle();
    if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
      throw AppError.validation([{ field: 'Idempotency-Key', message: 'must be 1-128 characters of [A-Za-z0-9._:-]' }]);
    }
    const caller = req.principal?.keyId ?? req.principal?.pseudonym ?? 'anonymous';
    const key = `idem:${createHash('sha256').update(`${caller}|${req.method}|${req.baseUrl}${req.path}|${header}`).digest('base64url')}`;
    const fingerprint = createHash('sha256').update(JSON.stringify(req.body ?? null)).digest('base64url');
    return from(this.claim(key, fingerprint)).pipe(
      switchMap((stored) => {
        if (stored) {
          res.status(stored.status ?? 200);
          res.setHeader('Idempotent-Replayed', 'true');
          return of(stored.body);
        }
        return next.handle().pipe(
          tap({
            next: (body) => void this.store(key, { state: 'done', fingerprint, status: res.statusCode, body }),
            error: () => void this.redis.client.del(key).catch(() => undefined),
          }),
        );
      }),
    );
  }

  /** Returns the stored answer to replay, or undefined when this request may run. */
  private async claim(key: string, fingerprint: string): Promise<StoredAnswer | undefined> {
    const pending: StoredAnswer = { state: 'pending', fingerprint };
    const claimed = await this.redis.client.set(key, JSON.stringify(pending), 'EX', PENDING_TTL_SECONDS, 'NX');
    if (claimed === 'OK') return undefined;
    const raw = await this.redis.client.get(key);
    if (!raw) return this.claim(key, fingerprint);
    const stored = JSON.parse(raw) as StoredAnswer;
    if (stored.fingerprint !== fingerprint) throw new AppError(ErrorCode.Conflict, 'Idempotency-Key reused with a different request');
    if (stored.state === 'pending') throw new AppError(ErrorCode.Conflict, 'A request with this Idempotency-Key is still in progress');
    return stored;
  }

  private async store(key: string, answer: StoredAnswer): Promise<void> {
    await this.redis.client.set(key, JSON.stringify(answer), 'EX', this.config.env.IDEMPOTENCY_TTL_SECONDS).catch(() => undefined);
  }
}
