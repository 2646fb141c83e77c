import { SignJWT } from 'jose';
import { newCustomerId } from '../support/customers.js';
import { withEnv } from '../support/env.js';
import { connectCart, nextEvent } from '../support/sockets.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { expiredToken, shopperToken, tokenWithoutExpiry } from '../support/tokens.js';

/** A token signed with the test secret, subject set, shaped by `shape`. */
function signed(shape: (jwt: SignJWT) => SignJWT, claims: Record<string, string> = {}): Promise<string> {
  return shape(new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(newCustomerId())).sign(
    new TextEncoder().encode(process.env.SHOPPER_JWT_SECRET),
  );
}

describe('shopper authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const now = () => Math.floor(Date.now() / 1000);
  const badTokens: Array<[string, () => Promise<string>]> = [
    ['expired', () => expiredToken()],
    ['without exp', () => tokenWithoutExpiry()],
    ['without iat', () => signed((jwt) => jwt.setExpirationTime('10m'))],
    ['living longer than SHOPPER_JWT_MAX_LIFETIME_SECONDS (24 h)', () => shopperToken({ expiresIn: '25h' })],
    ['issued in the future', () => signed((jwt) => jwt.setIssuedAt(now() + 3600).setExpirationTime(now() + 4000))],
    ['signed with another secret', () => shopperToken({ secret: 'another-secret-of-sufficient-length-0123456789' })],
    ['of another algorithm (HS512)', () => shopperToken({ alg: 'HS512' })],
    [
      'unsigned (alg none)',
      async () =>
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'cust-0000000000000000', exp: 9999999999 })).toString('base64url')}.`,
    ],
    ['garbage', async () => 'not.a.jwt'],
  ];

  describe('on REST', () => {
    for (const [name, make] of badTokens) {
      it(`refuses a token ${name} with 401`, async () => {
        const res = await t.http
          .get('/v1/me/consents')
          .set('Authorization', `Bearer ${await make()}`)
          .expect(401);
        expect(res.body).toMatchObject({ statusCode: 401, code: 'UNAUTHORIZED' });
      });
    }

    it('refuses a token without a subject', async () => {
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(process.env.SHOPPER_JWT_SECRET));
      await t.http.get('/v1/me/consents').set('Authorization', `Bearer ${token}`).expect(401);
    });
  });

  describe('in the socket handshake', () => {
    /** The connect_error's message, and the error body socket.io carries in its `data`. */
    async function refusalOf(token: string | undefined): Promise<{ message: string; data: unknown }> {
      try {
        (await connectCart(t.url, token)).close();
      } catch (error) {
        return { message: (error as Error).message, data: (error as Error & { data?: unknown }).data };
      }
      throw new Error('the handshake was accepted');
    }
    const unauthorizedBody = { statusCode: 401, code: 'UNAUTHORIZED', message: expect.any(String) };

    it('refuses a socket without a token with connect_error "unauthorized" and the error body in its data', async () => {
      expect(await refusalOf(undefined)).toEqual({ message: 'unauthorized', data: unauthorizedBody });
    });

    for (const [name, make] of badTokens) {
      it(`refuses a socket with a token ${name}`, async () => {
        expect(await refusalOf(await make())).toEqual({ message: 'unauthorized', data: unauthorizedBody });
      });
    }

    it('says an expired token is expired in the error body', async () => {
      expect((await refusalOf(await expiredToken())).data).toEqual({ statusCode: 401, code: 'UNAUTHORIZED', message: 'Token expired' });
    });

    it('accepts a valid token, then disconnects the socket when the token expires', async () => {
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('cust-00000000000000aa')
        .setIssuedAt(now)
        .setExpirationTime(now + 2)
        .sign(new TextEncoder().encode(process.env.SHOPPER_JWT_SECRET));
      const socket = await connectCart(t.url, token);
      try {
        expect(socket.connected).toBe(true);
        const expired = nextEvent(socket, 'session:expired', 5000);
        const reason = await nextEvent<string>(socket, 'disconnect', 5000);
        await expect(expired).resolves.toEqual({ reason: 'token_expired' });
        expect(reason).toBe('io server disconnect');
      } finally {
        socket.close();
      }
    });
  });
});

describe('shopper authentication with SHOPPER_JWT_ISSUER and SHOPPER_JWT_AUDIENCE', () => {
  let t: TestApp;
  let restore: () => void;
  beforeAll(async () => {
    restore = withEnv({ SHOPPER_JWT_ISSUER: 'https://id.retailer.example', SHOPPER_JWT_AUDIENCE: 'panier' });
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
    restore();
  });

  const get = async (token: string) => (await t.http.get('/v1/me/consents').set('Authorization', `Bearer ${token}`)).status;
  const valid = (jwt: SignJWT) => jwt.setIssuedAt().setExpirationTime('10m');

  it('accepts a token of that issuer for that audience', async () => {
    expect(await get(await signed((jwt) => valid(jwt).setIssuer('https://id.retailer.example').setAudience('panier')))).toBe(200);
  });

  it('refuses a token without them, of another issuer, or for another audience', async () => {
    expect(await get(await shopperToken())).toBe(401);
    expect(await get(await signed((jwt) => valid(jwt).setAudience('panier')))).toBe(401);
    expect(await get(await signed((jwt) => valid(jwt).setIssuer('https://id.retailer.example')))).toBe(401);
    expect(await get(await signed((jwt) => valid(jwt).setIssuer('https://evil.example').setAudience('panier')))).toBe(401);
    expect(await get(await signed((jwt) => valid(jwt).setIssuer('https://id.retailer.example').setAudience('other')))).toBe(401);
  });
});
