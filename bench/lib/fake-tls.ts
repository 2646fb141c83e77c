import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A self-signed certificate for 127.0.0.1, made by openssl for one run; the service trusts `caFile`. */
export interface LocalCertificate {
  key: Buffer;
  cert: Buffer;
  caFile: string;
  dir: string;
  remove(): void;
}

export function localCertificate(prefix: string): LocalCertificate {
  const dir = mkdtempSync(join(tmpdir(), `panier-${prefix}-`));
  const keyFile = join(dir, 'key.pem');
  const caFile = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
      ...['-keyout', keyFile, '-out', caFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
    ],
    { stdio: 'ignore' },
  );
  return {
    key: readFileSync(keyFile),
    cert: readFileSync(caFile),
    caFile,
    dir,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Handles one request to a fake provider, once its whole body has arrived. */
export type FakeHandler = (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders, body: Buffer) => Promise<void>;

/** A fake provider's HTTP/2 server on 127.0.0.1, over a certificate of its own that it removes on close. */
export class LocalHttp2Server {
  private readonly server: http2.Http2SecureServer;
  private readonly sessions = new Set<http2.ServerHttp2Session>();

  constructor(
    private readonly tls: LocalCertificate,
    handle: FakeHandler,
    options: { allowHTTP1?: boolean } = {},
  ) {
    this.server = http2.createSecureServer({ key: tls.key, cert: tls.cert, ...options, settings: { maxConcurrentStreams: 1000 } });
    this.server.on('session', (s) => {
      this.sessions.add(s);
      s.on('close', () => this.sessions.delete(s));
    });
    this.server.on('stream', (stream, headers) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => void handle(stream, headers, Buffer.concat(chunks)));
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  get url(): string {
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Open sessions are destroyed: a client's idle connection would otherwise hold the server open. */
  async close(): Promise<void> {
    for (const s of this.sessions) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.tls.remove();
  }
}

/** How a fake provider answers one request: a status, the provider's reason, a Retry-After. */
export interface ScriptedAnswer {
  status: number;
  /** APNs `reason`, or FCM `errorCode`. */
  reason?: string;
  /** FCM: the request field at fault (`message.token`). */
  field?: string;
  retryAfter?: string;
}

/** Answers scripted per device token, in order; the last one repeats; none scripted: success. */
export class Scripts {
  private readonly scripts = new Map<string, ScriptedAnswer[]>();

  set(token: string, answers: ScriptedAnswer[]): void {
    this.scripts.set(token, [...answers]);
  }

  next(token: string): ScriptedAnswer | undefined {
    const answers = this.scripts.get(token);
    if (!answers || answers.length === 0) return undefined;
    return answers.length > 1 ? answers.shift() : answers[0];
  }
}
