import { SignJWT } from 'jose';
import { newCustomerId } from './customers.js';

const secret = () => new TextEncoder().encode(process.env.SHOPPER_JWT_SECRET);

/** A shopper token as the retailer's identity provider would issue it. */
export async function shopperToken(
  options: { sub?: string; expiresIn?: string | number; secret?: string; alg?: string } = {},
): Promise<string> {
  const sub = options.sub ?? newCustomerId();
  const key = options.secret ? new TextEncoder().encode(options.secret) : secret();
  return new SignJWT({})
    .setProtectedHeader({ alg: options.alg ?? 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '10m')
    .sign(key);
}

/** A token without `exp`, which Panier must refuse. */
export async function tokenWithoutExpiry(sub = newCustomerId()): Promise<string> {
  return new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuedAt().sign(secret());
}

/** A token whose `exp` is in the past. */
export async function expiredToken(sub = newCustomerId()): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt(now - 600)
    .setExpirationTime(now - 60)
    .sign(secret());
}
