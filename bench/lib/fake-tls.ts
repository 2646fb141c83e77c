import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
