/**
 * The reference of `npm run bench:carts`: a bare socket.io server on the same `/carts` namespace,
 * doing the least Panier's gateway must do per event: each socket joins a room of its own, gets
 * `cart:state` on connect, and every `cart:add` is acknowledged with the whole cart and followed
 * by the same cart to the sender's room. The cart is the contract's: every line so far, each with
 * its quantity and the product's name (from the benchmark's catalog), so that both servers encode
 * and write the same messages. No authentication, no consent, no reminders.
 *
 * Given a Redis URL, the cart lives in Redis and each `cart:add` makes one round trip first (a
 * script that reads the cart, adds the line, stores it with an idle TTL and returns it) and
 * answers when it returns: the least any server does that keeps carts in Redis with one round
 * trip per event, as the issue asks of Panier. The bench reports it beside the bare server, as the
 * floor of that design on the same machine. Without Redis the cart is kept in the process.
 *
 *   node dist/bench/carts/bare-server.js <port> <catalog size> [redis url]
 */
import { createServer } from 'node:http';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { seedProducts } from './seed-data.js';

interface BareCart {
  items: Array<{ sku: string; name?: string; quantity: number }>;
  version: number;
  updatedAt: string;
}

/** As in Redis: version, time of the last change, lines `[sku, quantity]` in the order added. */
interface StoredCart {
  v: number;
  u: number;
  i: Array<[string, number]> | Record<string, never>;
}

type Ack = (reply: object) => void;

const port = Number(process.argv[2]);
const catalogSize = Number(process.argv[3]);
if (!Number.isInteger(port) || port <= 0 || !Number.isInteger(catalogSize))
  throw new Error('usage: bare-server <port> <catalog size> [redis url]');
const names = new Map(seedProducts(catalogSize).map((p) => [p.sku, p.name]));

const redisUrl = process.argv[4];
const redis = redisUrl ? new Redis(redisUrl, { keyPrefix: 'bench-bare:' }) : undefined;
const CART_SCRIPT = `
local raw = redis.call('GET', KEYS[1])
local cart
if raw then cart = cjson.decode(raw) else cart = { v = 0, u = 0, i = {} } end
local found = false
for _, line in ipairs(cart.i) do
  if line[1] == ARGV[1] then line[2] = line[2] + tonumber(ARGV[2]); found = true; break end
end
if not found then table.insert(cart.i, { ARGV[1], tonumber(ARGV[2]) }) end
cart.v = cart.v + 1
cart.u = tonumber(ARGV[3])
local encoded = cjson.encode(cart)
redis.call('SET', KEYS[1], encoded, 'EX', 600)
return encoded`;
redis?.defineCommand('bareCart', { numberOfKeys: 1, lua: CART_SCRIPT });
type WithBareCart = Redis & { bareCart(key: string, sku: string, quantity: number, now: number): Promise<string> };

function toCart(stored: StoredCart): BareCart {
  const lines = Array.isArray(stored.i) ? stored.i : [];
  return {
    items: lines.map(([sku, quantity]) => ({ sku, name: names.get(sku), quantity })),
    version: stored.v,
    updatedAt: new Date(stored.u).toISOString(),
  };
}

const http = createServer((req, res) => void res.writeHead(req.url === '/health' ? 200 : 404).end());
const io = new Server(http);
const carts = io.of('/carts');

carts.on('connection', (socket) => {
  const room = `shopper:${socket.id}`;
  const key = `cart:{${room}}`;
  const kept: StoredCart = { v: 0, u: Date.now(), i: [] };
  void socket.join(room);
  socket.emit('cart:state', { cart: toCart(kept) });
  socket.on('cart:add', (payload: { sku?: unknown; quantity?: unknown }, ack: Ack) => {
    const sku = String(payload?.sku);
    const quantity = Number(payload?.quantity ?? 1);
    const answer = (stored: StoredCart) => {
      const cart = toCart(stored);
      if (typeof ack === 'function') ack({ ok: true, cart });
      carts.to(room).emit('cart:state', { cart });
    };
    if (redis) {
      (redis as WithBareCart).bareCart(key, sku, quantity, Date.now()).then(
        (json) => answer(JSON.parse(json) as StoredCart),
        () => answer(kept),
      );
      return;
    }
    const lines = kept.i as Array<[string, number]>;
    const line = lines.find(([s]) => s === sku);
    if (line) line[1] += quantity;
    else lines.push([sku, quantity]);
    kept.v += 1;
    kept.u = Date.now();
    answer(kept);
  });
  socket.on('cart:review', (_payload: unknown, ack: Ack) => {
    if (typeof ack === 'function') ack({ ok: true, reminders: [] });
  });
});

http.listen(port, '127.0.0.1', () => console.log(`bare socket.io server listening on ${port}`));
process.once('SIGTERM', () => void io.close(() => process.exit(0)));
