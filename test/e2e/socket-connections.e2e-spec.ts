import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { SocketConnectionLimits } from '../../src/modules/auth/socket-connection-limits.js';
import { newCustomerId } from '../support/customers.js';
import { socketsClosedAfterEach, testApp } from '../support/fixtures.js';
import { connectCart } from '../support/sockets.js';
import type { TestApp } from '../support/test-app.js';
import { shopperToken } from '../support/tokens.js';
import { waitFor } from '../support/wait.js';

type Refusal = Error & { data?: unknown };

/** Which sockets the service lets in: `/carts` only, and only so many per shopper and per address. */
describe('socket connections', () => {
  const app = testApp().withEnv({
    REDIS_KEY_PREFIX: `panier-test-conn-${randomUUID()}:`,
    TRUST_PROXY: 'loopback',
    SOCKET_MAX_PER_SHOPPER: '2',
    SOCKET_MAX_PER_ADDRESS: '4',
  });
  let t: TestApp;
  let limits: SocketConnectionLimits;
  const open = socketsClosedAfterEach();

  beforeAll(async () => {
    ({ t } = await app.start());
    limits = t.app.get(SocketConnectionLimits);
  }, 60_000);
  afterAll(() => app.close());

  // Each test starts with no socket counted (those of the test before are closed after it).
  beforeEach(() => waitFor(async () => limits.counts().addresses === 0));

  async function connect(customerId = newCustomerId(), forwardedFor?: string): Promise<Socket> {
    const token = await shopperToken({ sub: customerId });
    const socket = forwardedFor ? await connectForwarded(token, forwardedFor) : await connectCart(t.url, token);
    open.push(socket);
    return socket;
  }

  /** As a client behind a proxy that says whom it forwards (X-Forwarded-For). */
  function connectForwarded(token: string, address: string): Promise<Socket> {
    const socket = io(`${t.url}/carts`, {
      auth: { token },
      transports: ['websocket'],
      extraHeaders: { 'x-forwarded-for': address },
      reconnection: false,
      forceNew: true,
    });
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (error) => {
        socket.close();
        reject(error);
      });
    });
  }

  const refusalOf = (attempt: Promise<unknown>) =>
    attempt.then(
      () => undefined,
      (error: Refusal) => error,
    );

  it('refuses every handshake on the main namespace /', async () => {
    const socket = io(t.url, {
      auth: { token: await shopperToken() },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    open.push(socket);
    const refusal = await new Promise<Refusal | undefined>((resolve) => {
      socket.once('connect', () => resolve(undefined));
      socket.once('connect_error', resolve);
    });
    expect(refusal?.message).toBe('not_found');
    expect(refusal?.data).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: expect.any(String) });
  });

  it('refuses a shopper socket beyond SOCKET_MAX_PER_SHOPPER in the handshake, and admits one again when a socket leaves', async () => {
    const customerId = newCustomerId();
    const [first] = [await connect(customerId), await connect(customerId)];
    const refusal = await refusalOf(connect(customerId));
    expect(refusal?.message).toBe('rate_limited');
    expect(refusal?.data).toEqual({ statusCode: 429, code: 'RATE_LIMITED', message: expect.any(String) });
    // Another shopper is not affected.
    await connect();
    first.close();
    await waitFor(async () => limits.counts().shoppers === 2);
    await connect(customerId);
  });

  it('refuses a socket beyond SOCKET_MAX_PER_ADDRESS from one client address, as TRUST_PROXY resolves it', async () => {
    for (let i = 0; i < 4; i++) await connect();
    const refusal = await refusalOf(connect());
    expect(refusal?.message).toBe('rate_limited');
    expect(refusal?.data).toEqual({ statusCode: 429, code: 'RATE_LIMITED', message: expect.any(String) });
    for (const s of open.splice(0)) s.close();
    await waitFor(async () => limits.counts().addresses === 0);
    // Behind a trusted proxy (loopback here), each client address has its own count.
    for (let i = 0; i < 4; i++) await connect(undefined, '203.0.113.7');
    expect((await refusalOf(connect(undefined, '203.0.113.7')))?.message).toBe('rate_limited');
    await connect(undefined, '203.0.113.8');
  });
});
