import pg from 'pg';

/** A pool on the test database, for what a test reads or seeds behind the service's back; end it in afterAll. */
export function testDatabase(): pg.Pool {
  return new pg.Pool({ connectionString: process.env.DATABASE_URL });
}
