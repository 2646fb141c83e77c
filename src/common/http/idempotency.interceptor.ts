import { createHmac, hkdfSync } from 'node:crypto';
import { pipeline, Transform } from 'node:stream';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { finalize, from, type Observable, of, switchMap, tap } from 'rxjs';
import { AppConfig, type KeyRing } from '../../config/app-config.js';
import { RedisService } from '../../infra/redis/redis.service.js';
import { AppError, ErrorCode } from '../errors/app-error.js';
import { openAnswer, type SealedAnswer, sealAnswer } from './sealed-answer.js';

const IDEMPOTENT = 'panier:idempotent';

export interface IdempotentOptions {
  /**
   * The handler reads the raw body as a stream (`idempotentBodyOf(req)`), e.g. NDJSON bulk
   * uploads: the fingerprint is the keyed hash of its bytes, computed as the handler reads them.
   */
  streamedBody?: boolean;
  /**
   * The answer holds a secret shown once (a new API key): it is kept encrypted (sealed-answer.ts),
   * never in clear in Redis.
   */
  sealed?: boolean;
}

/** Marks a creating POST whose `Idempotency-Key` header makes retries return the first answer. */
export const Idempotent = (options: IdempotentOptions = {}) => SetMetadata(IDEMPOTENT, options);

/** Streamed bodies seen through their fingerprint hash, by request. */
const hashedBodies = new WeakMap<object, AsyncIterable<Buffer>>();

/** The body a streamed idempotent route must read: the request itself, or its hashing pass-through. */
export function idempotentBodyOf(req: Request): AsyncIterable<Buffer> {
  return hashedBodies.get(req) ?? req;
}

interface StoredAnswer {
  state: 'done' | 'pending';
  fingerprint: string;
  status?: number;
  body?: unknown;
  /** Instead of `body`, for `sealed` routes. */
  sealedBody?: SealedAnswer;
}

const PENDING_TTL_SECONDS = 60;
const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
/** HKDF info of the idempotency hashing key: apart from every other use of the pseudonym keys. */
const HASH_INFO = 'panier/idempotency-hash/v1';

/**
 * Keyed hashes (HMAC-SHA256) of the record's name and of the request body: a body names a customer
 * id (a purchase, an erasure request), and a plain SHA-256 of it, kept for a day in Redis, could be
 * matched against guessed ids. One hasher per version of the pseudonym keys, its key derived
 * (HKDF-SHA256), never the pseudonym key itself.
 */
export class IdempotencyHasher {
  private constructor(private readonly key: Buffer) {}

  /** The active version's hasher first, then the older ones (records written before a rotation). */
  static ring(keys: KeyRing): IdempotencyHasher[] {
    return keys.all.map(
      (k) => new IdempotencyHasher(Buffer.from(hkdfSync('sha256', k.key, Buffer.alloc(0), `${HASH_INFO}/${k.version}`, 32))),
    );
  }

  hash(text: string): string {
    return this.start().update(text).digest('base64url');
  }

  start(): ReturnType<typeof createHmac> {
    return createHmac('sha256', this.key);
  }
}

/**
 * `Idempotency-Key` for creating POSTs (public contract, docs/api.md): the same key from the same
 * caller on the same route returns the first successful answer; the same key with another body
 * is a 409; a retry while the first is still running is a 409 too. Only successes are kept,
 * for IDEMPOTENCY_TTL_SECONDS, in Redis so that every instance sees them.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly hashers: IdempotencyHasher[];

  constructor(
    private readonly reflector: Reflector,
    private readonly redis: RedisService,
    private readonly config: AppConfig,
  ) {
    this.hashers = IdempotencyHasher.ring(config.identity.pseudonymKeys);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const options =
      context.getType() === 'http' ? this.reflector.get<IdempotentOptions | undefined>(IDEMPOTENT, context.getHandler()) : undefined;
    if (!options) return next.handle();
    const req = context.switchToHttp().getRequest<Request & { principal?: { kind: string; keyId?: string; pseudonym?: string } }>();
    const res = context.switchToHttp().getResponse<Response>();
    const header = req.headers['idempotency-key'];
    if (header === undefined) return next.handle();
    if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
      throw AppError.validation([{ field: 'Idempotency-Key', message: 'must be 1-128 characters of [A-Za-z0-9._:-]' }]);
    }
    const caller = req.principal?.keyId ?? req.principal?.pseudonym ?? 'anonymous';
    const name = `${caller}|${req.method}|${req.baseUrl}${req.path}|${header}`;
    return from(this.hasherOf(name)).pipe(
      switchMap((hasher) => {
        const key = `idem:${hasher.hash(name)}`;
        const fingerprint: Fingerprint = options.streamedBody
          ? { streamed: req, hasher }
          : { known: hasher.hash(JSON.stringify(req.body ?? null)), hasher };
        return from(this.claim(key, fingerprint)).pipe(
          switchMap((stored) => {
            if (!stored) return this.run(key, fingerprint, req, res, next, options.sealed ? header : undefined);
            const body = stored.sealedBody ? openAnswer(this.config.identity.vaultKeys, header, stored.sealedBody) : stored.body;
            // Its vault key was retired meanwhile: running again would create a second resource.
            if (body === undefined)
              throw new AppError(ErrorCode.Conflict, 'The first answer to this Idempotency-Key can no longer be replayed');
            res.status(stored.status ?? 200);
            res.setHeader('Idempotent-Replayed', 'true');
            return of(body);
          }),
        );
      }),
    );
  }

  /** The active key's hasher, unless a record written under an older key (before a rotation) still holds this name. */
  private async hasherOf(name: string): Promise<IdempotencyHasher> {
    const [active, ...older] = this.hashers;
    for (const hasher of older) if (await this.redis.client.exists(`idem:${hasher.hash(name)}`)) return hasher;
    return active;
  }

  /** Runs the claimed request; its success is kept for replays, its failure frees the key. */
  private run(
    key: string,
    fingerprint: Fingerprint,
    req: Request,
    res: Response,
    next: CallHandler,
    sealWith?: string,
  ): Observable<unknown> {
    const hashed = fingerprint.streamed ? hashingBody(req, fingerprint.hasher) : undefined;
    if (hashed) hashedBodies.set(req, hashed.body);
    // A long request (a streamed upload) keeps its claim: retries meanwhile stay a 409.
    const heartbeat = setInterval(
      () => void this.redis.client.expire(key, PENDING_TTL_SECONDS).catch(() => undefined),
      (PENDING_TTL_SECONDS * 1000) / 3,
    );
    heartbeat.unref();
    return next.handle().pipe(
      tap({
        next: (body: unknown) => {
          // Stopped before the answer is stored: no late EXPIRE can shorten the stored answer's TTL.
          clearInterval(heartbeat);
          const done = hashed ? hashed.digest() : fingerprint.known;
          // A handler that answered without reading its whole body leaves nothing to replay.
          if (done === undefined) return void this.redis.client.del(key).catch(() => undefined);
          const kept: Pick<StoredAnswer, 'body' | 'sealedBody'> =
            sealWith === undefined ? { body } : { sealedBody: sealAnswer(this.config.identity.vaultKeys, sealWith, body) };
          void this.store(key, { state: 'done', fingerprint: done, status: res.statusCode, ...kept });
        },
        error: () => void this.redis.client.del(key).catch(() => undefined),
      }),
      finalize(() => clearInterval(heartbeat)),
    );
  }

  /** Returns the stored answer to replay, or undefined when this request may run. */
  private async claim(key: string, fingerprint: Fingerprint): Promise<StoredAnswer | undefined> {
    const pending: StoredAnswer = { state: 'pending', fingerprint: fingerprint.known ?? '' };
    const claimed = await this.redis.client.set(key, JSON.stringify(pending), 'EX', PENDING_TTL_SECONDS, 'NX');
    if (claimed === 'OK') return undefined;
    const raw = await this.redis.client.get(key);
    if (!raw) return this.claim(key, fingerprint);
    const stored = JSON.parse(raw) as StoredAnswer;
    // A streamed body is known only once read: a pending first request has no fingerprint yet.
    if (stored.state === 'pending' && fingerprint.streamed)
      throw new AppError(ErrorCode.Conflict, 'A request with this Idempotency-Key is still in progress');
    const presented = fingerprint.streamed ? await digestOf(fingerprint.streamed, fingerprint.hasher) : fingerprint.known;
    if (stored.fingerprint !== presented) throw new AppError(ErrorCode.Conflict, 'Idempotency-Key reused with a different request');
    if (stored.state === 'pending') throw new AppError(ErrorCode.Conflict, 'A request with this Idempotency-Key is still in progress');
    return stored;
  }

  private async store(key: string, answer: StoredAnswer): Promise<void> {
    await this.redis.client.set(key, JSON.stringify(answer), 'EX', this.config.http.idempotencyTtlSeconds).catch(() => undefined);
  }
}

/** A JSON body's fingerprint is known at once; a streamed body's once read. Both keyed by `hasher`. */
type Fingerprint = { hasher: IdempotencyHasher } & (
  { known: string; streamed?: undefined } | { known?: undefined; streamed: AsyncIterable<Buffer> }
);

/** The whole body of a replayed streamed request, hashed without keeping it (it must be read anyway). */
async function digestOf(body: AsyncIterable<Buffer>, hasher: IdempotencyHasher): Promise<string> {
  const hash = hasher.start();
  for await (const chunk of body) hash.update(chunk);
  return hash.digest('base64url');
}

/** Passes the body through unchanged, hashing it; the digest exists once the handler has read it all. */
function hashingBody(req: Request, hasher: IdempotencyHasher): { body: Transform; digest: () => string | undefined } {
  const hash = hasher.start();
  let digest: string | undefined;
  const body = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
    flush(callback) {
      digest = hash.digest('base64url');
      callback();
    },
  });
  // Errors (an aborted upload) reach the handler through `body`.
  pipeline(req, body, () => undefined);
  return { body, digest: () => digest };
}
