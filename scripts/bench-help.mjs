// `npm run bench`: the benchmark commands, until one runner drives them all. Figures and how to
// read them: docs/benchmarks.md.
const commands = [
  ['npm run bench:carts', 'live carts: cart:add p99, throughput and memory per cart vs a bare socket.io server'],
  ['npm run build && npm run bench:fanout', 'campaign fan-out speed vs a bare BullMQ addBulk, and cart p99 during it'],
  ['npm run build && npm run bench:import', 'purchase import (1M CSV lines) vs psql \\copy into a bare table'],
  ['npm run build && npm run bench:insights', 'supplier insights reports on 10M purchase lines vs the bare sku count'],
  ['npm run bench:push', 'push sends through APNs and FCM (100,000 to local fakes) vs a bare HTTP/2 client'],
  ['npm run eval:reminders -- <tafeng-dir>', 'reminder quality on Ta-Feng vs P-TopFreq and GP-TopFreq'],
];
const width = Math.max(...commands.map(([command]) => command.length));
console.log('Benchmarks (each prints a table, then one JSON line):\n');
for (const [command, what] of commands) console.log(`  ${command.padEnd(width)}  ${what}`);
console.log('\nOptions are listed at the top of each script in bench/. Current figures: docs/benchmarks.md');
