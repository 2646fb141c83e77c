// Creates an empty, timestamped migration in Prisma's folder layout: `npm run db:migrate -- <name>`.
// Write the SQL by hand (or with `prisma migrate diff --script` where the native engine exists).
import { mkdirSync, writeFileSync } from 'node:fs';

const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]/gi, '_').toLowerCase();
if (!name) {
  console.error('usage: npm run db:migrate -- <name>');
  process.exit(2);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = `prisma/migrations/${stamp}_${name}`;
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}/migration.sql`, `-- ${name}\n`);
console.log(`created ${dir}/migration.sql`);
