import { randomBytes } from 'node:crypto';

/**
 * Every raw customer id the suite uses comes from here and matches CUSTOMER_ID_PATTERN, so that
 * the log-redaction test can prove none of them reached a log line.
 */
export const CUSTOMER_ID_PATTERN = /cust-[0-9a-f]{16}/gi;

export function newCustomerId(): string {
  return `cust-${randomBytes(8).toString('hex')}`;
}
