/**
 * The reference of `npm run bench:carts`: a bare socket.io server on the same `/carts` namespace,
 * doing the least Panier's gateway does per event: each socket joins a room of its own, gets
 * `cart:state` on connect, and every event is acknowledged and followed by one message to the
 * sender's room. No authentication, no storage, no reminders.
 *
 * Given a Redis URL, each `cart:add` first makes one Redis round trip (a script that stores the
 * cart and reads it back) and answers when it returns: the least any server does that keeps carts
 * in Redis with one round trip per event, as the issue asks of Panier. The bench reports it beside
 * the bare server, as the floor of that design on the same machine.
 *
 *   node dist/bench/carts/bare-server.js <port> [redis url]
 */
import { createServer } from 'node:http';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';

interface BareCart {
  items: Array<{ sku: string; quantity: number }>;
  version: number;
  updatedAt: string | null;
}

type Ack = (reply: object) => void;

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) throw new Error('usage: bare-server <port>');

const redisUrl = process.argv[3];
const redis = redisUrl ? new Redis(redisUrl, { keyPrefix: 'bench-bare:' }) : undefined;
const CART_SCRIPT = "redis.call('SET', KEYS[1], ARGV[1], 'EX', 600) return redis.call('GET', KEYS[1])";
redis?.defineCommand('bareCart', { numberOfKeys: 1, lua: CART_SCRIPT });
type WithBareCart = Redis & { bareCart(key: string, cartJson: string): Promise<string> };

const http = createServer((req, res) => void res.writeHead(req.url === '/health' ? 200 : 404).end());
const io = new Server(http);
const carts = io.of('/carts');

carts.on('connection', (socket) => {
  const room = `shopper:${socket.id}`;
  let version = 0;
  void socket.join(room);
  socket.emit('cart:state', { cart: { items: [], version, updatedAt: null } satisfies BareCart });
  socket.on('cart:add', (payload: { sku?: unknown; quantity?: unknown }, ack: Ack) => {
    version += 1;
    const cart: BareCart = {
      items: [{ sku: String(payload?.sku), quantity: Number(payload?.quantity ?? 1) }],
      version,
      updatedAt: new Date().toISOString(),
    };
    const answer = () => {
      if (typeof ack === 'function') ack({ ok: true, cart });
      carts.to(room).emit('cart:state', { cart });
    };
    if (!redis) return answer();
    (redis as WithBareCart).bareCart(`cart:{${room}}`, JSON.stringify(cart)).then(answer, answer);
  });
  socket.on('cart:review', (_payload: unknown, ack: Ack) => {
    if (typeof ack === 'function') ack({ ok: true, reminders: [] });
  });
});

http.listen(port, '127.0.0.1', () => console.log(`bare socket.io server listening on ${port}`));
process.once('SIGTERM', () => void io.close(() => process.exit(0)));
