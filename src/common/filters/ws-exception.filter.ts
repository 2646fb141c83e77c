import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { toErrorBody } from '../errors/error-mapping.js';

/**
 * Every socket event error leaves through here: answered through the event's acknowledgement as
 * `{ ok: false, error }` (Nest's default socket filter never calls the acknowledgement). The
 * socket stays connected.
 */
@Catch()
export class WsExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('SocketError');

  catch(error: unknown, host: ArgumentsHost): void {
    const { body, expected } = toErrorBody(error);
    if (!expected) this.logger.error({ err: error }, 'unhandled socket error');
    const ack: unknown = host.getArgByIndex(2);
    if (typeof ack === 'function') (ack as (reply: unknown) => void)({ ok: false, error: body });
  }
}
