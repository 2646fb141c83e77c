import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import type { PushConfig } from '../../config/app-config.js';
import type { ProviderReply } from './domain/push-outcome.js';
import { gatewayBody, type PushMessage } from './domain/push-message.js';
import type { PushProvider, PushTarget } from './push-provider.interface.js';

type GatewayConfig = Required<PushConfig>['gateway'];

/**
 * Native push (`ios`, `android`) through the retailer's notification gateway: `POST
 * PUSH_GATEWAY_URL` with `{ platform, token, title, body, data }` and `Authorization: Bearer
 * PUSH_GATEWAY_SECRET`. 2xx is sent, 404/410 a dead token, 429/5xx/no answer a retry (its
 * `Retry-After` honoured). node:http rather than fetch: a private CA (PUSH_CA_FILE) and a
 * kept-alive agent without another dependency.
 */
export class GatewayPushProvider implements PushProvider {
  readonly name = 'gateway';
  private readonly url: URL;
  private readonly agent: http.Agent;

  constructor(
    private readonly gateway: GatewayConfig,
    private readonly options: { timeoutMs: number; ca?: string },
  ) {
    this.url = new URL(gateway.url);
    this.agent =
      this.url.protocol === 'https:'
        ? new https.Agent({ keepAlive: true, ca: options.ca ? [...rootCertificates, options.ca] : undefined })
        : new http.Agent({ keepAlive: true });
  }

  send(target: PushTarget, message: PushMessage): Promise<ProviderReply> {
    if (target.platform === 'web') return Promise.resolve({ statusCode: 400 });
    const body = Buffer.from(gatewayBody(target.platform, target.token, message));
    const request = this.url.protocol === 'https:' ? https.request : http.request;
    return new Promise<ProviderReply>((resolve) => {
      const req = request(this.url, {
        method: 'POST',
        agent: this.agent,
        headers: { 'content-type': 'application/json', 'content-length': body.length, authorization: `Bearer ${this.gateway.secret}` },
      });
      req.setTimeout(this.options.timeoutMs, () => req.destroy(Object.assign(new Error('push gateway timeout'), { code: 'ETIMEDOUT' })));
      req.on('response', (res) => {
        res.resume(); // the answer's body is not needed; read it so the connection can be reused
        const retryAfter: string | undefined = res.headers['retry-after'];
        resolve({ statusCode: res.statusCode ?? 0, retryAfter });
      });
      req.on('error', (error: NodeJS.ErrnoException) => resolve({ networkError: error.code ?? 'error' }));
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
