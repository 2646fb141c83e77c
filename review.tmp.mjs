import { io } from 'socket.io-client';
const base = process.argv[2];
const res = await fetch(base + '/v1/demo/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ handle: process.argv[3] ?? 'shopper-0001' }) });
const { token } = await res.json();
const s = io(base + '/carts', { auth: { token }, transports: ['websocket'] });
s.on('connect_error', (e) => { console.log('connect_error', e.message); process.exit(1); });
s.on('connect', () => s.emit('cart:review', {}, (ack) => { console.log(JSON.stringify(ack, null, 1).slice(0, 1500)); s.close(); process.exit(0); }));
