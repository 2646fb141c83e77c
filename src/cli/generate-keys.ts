import { randomBytes } from 'node:crypto';

/**
 * `npm run keys:generate`: prints fresh secrets as .env lines (version 1). For a rotation, give
 * the new key the next version and put it first, e.g. `PSEUDONYM_HMAC_KEYS=2:<new>,1:<old>`.
 */
const key = () => randomBytes(32).toString('base64');
console.log(
  [
    `ADMIN_API_KEY=${randomBytes(24).toString('base64url')}`,
    `SHOPPER_JWT_SECRET=${randomBytes(32).toString('base64url')}`,
    `PSEUDONYM_HMAC_KEYS=1:${key()}`,
    `VAULT_KEYS=1:${key()}`,
  ].join('\n'),
);
