import 'dotenv/config';
import { defineConfig } from 'prisma/config';

// Prisma 7 reads no .env by itself: the datasource URL for the CLI comes from here.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/panier' },
});
