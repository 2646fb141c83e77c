import { NestFactory } from '@nestjs/core';
import { CliModule } from '../../src/cli/cli.module.js';
import { createIngestContext } from '../../src/cli/cli-context.js';
import { DatabasePools } from '../../src/infra/database/database-pools.js';

/** The operator commands boot their own, smaller module sets: each must still resolve what it imports. */
describe('operator command contexts', () => {
  it('boots the ingestion commands (npm run import) and the key commands', async () => {
    const ingest = await createIngestContext();
    expect(ingest.get(DatabasePools)).toBeInstanceOf(DatabasePools);
    await ingest.close();
    const keys = await NestFactory.createApplicationContext(CliModule, { logger: false });
    expect(keys.get(DatabasePools)).toBeInstanceOf(DatabasePools);
    await keys.close();
  });
});
