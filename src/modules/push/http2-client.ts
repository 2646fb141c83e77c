import http2 from 'node:http2';
import { rootCertificates } from 'node:tls';

/** A provider's answer to one request. */
export interface Http2Answer {
  status: number;
  headers: http2.IncomingHttpHeaders;
  body: string;
}

/** Largest answer body read: providers answer errors in a few hundred bytes. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * One long-lived HTTP/2 session to a provider's origin, with every request a stream multiplexed
 * on it (APNs asks for exactly this: few connections, many streams). The session is opened on
 * first use and again after the provider closes it (GOAWAY, idle close, network error); requests
 * in flight then fail with a network error and are retried by the caller's policy. Extra CAs
 * (a private CA, a local stand-in) are trusted beside the system's.
 */
export class Http2Client {
  private session?: http2.ClientHttp2Session;

  constructor(
    private readonly origin: string,
    private readonly options: { timeoutMs: number; ca?: string },
  ) {}

  /** Resolves with the answer, whatever its status; rejects with a coded error when none came. */
  request(path: string, headers: http2.OutgoingHttpHeaders, body: string | Buffer): Promise<Http2Answer> {
    return new Promise<Http2Answer>((resolve, reject) => {
      let stream: http2.ClientHttp2Stream;
      try {
        stream = this.current().request({ ':method': 'POST', ':path': path, ...headers });
      } catch (error) {
        this.drop();
        reject(withCode(error, 'ERR_HTTP2_SESSION'));
        return;
      }
      let status = 0;
      let answerHeaders: http2.IncomingHttpHeaders = {};
      const chunks: Buffer[] = [];
      let size = 0;
      stream.setTimeout(this.options.timeoutMs, () => {
        stream.close(http2.constants.NGHTTP2_CANCEL);
        reject(Object.assign(new Error('push provider timeout'), { code: 'ETIMEDOUT' }));
      });
      stream.on('response', (h) => {
        answerHeaders = h;
        status = Number(h[':status'] ?? 0);
      });
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
      });
      stream.on('end', () => resolve({ status, headers: answerHeaders, body: Buffer.concat(chunks).toString('utf8') }));
      stream.on('error', (error) => reject(withCode(error, 'ERR_HTTP2_STREAM')));
      stream.end(body);
    });
  }

  close(): void {
    this.session?.close();
    this.session = undefined;
  }

  private current(): http2.ClientHttp2Session {
    if (this.session && !this.session.closed && !this.session.destroyed) return this.session;
    const ca = this.options.ca ? [...rootCertificates, this.options.ca] : undefined;
    const session = http2.connect(this.origin, ca ? { ca } : {});
    // Errors reach the streams in flight; the session is only forgotten, and opened again on the next request.
    session.on('error', () => this.forget(session));
    session.on('goaway', () => this.forget(session));
    session.on('close', () => this.forget(session));
    // An idle session does not keep the process alive (shutdown closes it anyway).
    session.unref();
    this.session = session;
    return session;
  }

  private forget(session: http2.ClientHttp2Session): void {
    if (this.session === session) this.session = undefined;
  }

  private drop(): void {
    this.session?.destroy();
    this.session = undefined;
  }
}

function withCode(error: unknown, fallback: string): Error & { code: string } {
  const e = error instanceof Error ? error : new Error(String(error));
  const code = (e as { code?: unknown }).code;
  return Object.assign(e, { code: typeof code === 'string' ? code : fallback });
}
