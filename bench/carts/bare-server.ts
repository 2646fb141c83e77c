/**
 * The reference of `npm run bench:carts`: a bare socket.io server on the same `/carts` namespace,
 * doing the least Panier's gateway does per event: each socket joins a room of its own, gets
 * `cart:state` on connect, and every event is acknowledged and followed by one message to the
 * sender's room. No authentication, no storage, no reminders.
 *
 *   node dist/bench/carts/bare-server.js <port>
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';

interface BareCart {
  items: Array<{ sku: string; quantity: number }>;
  version: number;
  updatedAt: string | null;
}

type Ack = (reply: object) => void;

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) throw new Error('usage: bare-server <port>');

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
    if (typeof ack === 'function') ack({ ok: true, cart });
    carts.to(room).emit('cart:state', { cart });
  });
  socket.on('cart:review', (_payload: unknown, ack: Ack) => {
    if (typeof ack === 'function') ack({ ok: true, reminders: [] });
  });
});

http.listen(port, '127.0.0.1', () => console.log(`bare socket.io server listening on ${port}`));
process.once('SIGTERM', () => void io.close(() => process.exit(0)));
