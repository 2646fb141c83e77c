import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { AppConfig } from '../../src/config/app-config.js';
import { PrismaService } from '../../src/infra/database/prisma.service.js';
import { IdentityVaultService } from '../../src/modules/identity/identity-vault.service.js';
import { IdentityService } from '../../src/modules/identity/identity.service.js';
import { newCustomerId } from '../support/customers.js';
import { startTestContext } from '../support/test-context.js';

describe('identity boundary (PostgreSQL)', () => {
  let ctx: INestApplicationContext;
  let identity: IdentityService;
  let vault: IdentityVaultService;
  let config: AppConfig;
  let prisma: PrismaService;

  beforeAll(async () => {
    ctx = await startTestContext();
    identity = ctx.get(IdentityService);
    vault = ctx.get(IdentityVaultService);
    config = ctx.get(AppConfig);
    prisma = ctx.get(PrismaService);
  });
  afterAll(() => ctx.close());

  it('gives one pseudonym per customer, whatever the form or the concurrency', async () => {
    const id = newCustomerId();
    const results = await Promise.all([
      identity.resolve(id),
      identity.resolve(`\t${id} `),
      identity.resolve(` ${id} `),
      identity.resolve(id),
    ]);
    expect(new Set(results).size).toBe(1);
    // Case is significant by default (CUSTOMER_ID_CASE_INSENSITIVE=false): another customer.
    expect(await identity.lookup(id.toUpperCase())).toBeUndefined();
    expect(results[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(await identity.lookup(id)).toBe(results[0]);
    expect(await identity.lookup(newCustomerId())).toBeUndefined();
  });

  it('stores no raw customer id anywhere in the identity tables', async () => {
    const id = newCustomerId();
    const pseudonym = await identity.resolve(id);
    const rows = await prisma.$queryRaw<Array<{ dump: string }>>`
      SELECT row_to_json(i)::text || row_to_json(v)::text AS dump
      FROM identity_index i JOIN identity_vault v USING (pseudonym) WHERE pseudonym = ${pseudonym}::uuid`;
    expect(rows).toHaveLength(1);
    expect(rows[0].dump).not.toContain(id);
  });

  it('re-identifies through the vault and audits it first', async () => {
    const id = newCustomerId();
    const pseudonym = await identity.resolve(id);
    expect(await vault.reidentify(pseudonym, 'court order 42', 'key:test')).toBe(id);
    const audit = await prisma.privacyAuditEvent.findFirst({ where: { pseudonym }, orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({ kind: 'reidentification', actor: 'key:test', reason: 'court order 42' });
    // The audit trail is append-only in the database itself.
    await expect(
      prisma.$executeRaw`UPDATE privacy_audit SET reason = 'nothing to see' WHERE pseudonym = ${pseudonym}::uuid`,
    ).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRaw`DELETE FROM privacy_audit WHERE pseudonym = ${pseudonym}::uuid`).rejects.toThrow(/append-only/);
  });

  it('rotates the HMAC key and the vault key without losing a shopper', async () => {
    const ids = [newCustomerId(), newCustomerId(), newCustomerId()];
    const before = await Promise.all(ids.map((id) => identity.resolve(id)));
    const oldHmac = config.identity.pseudonymKeys;
    const oldVault = config.identity.vaultKeys;
    const newHmac = { version: oldHmac.active.version + 1, key: randomBytes(32) };
    const newVault = { version: oldVault.active.version + 1, key: randomBytes(32) };
    try {
      // Operators put the new key first and keep the old one until the rotation has run.
      Object.assign(config.identity, {
        pseudonymKeys: { active: newHmac, all: [newHmac, ...oldHmac.all] },
        vaultKeys: { active: newVault, all: [newVault, ...oldVault.all] },
      });
      expect((await vault.rotateVaultKey('key:test')).reencrypted).toBeGreaterThanOrEqual(ids.length);
      expect(await vault.rotateHmacKey('key:test')).toMatchObject({ remaining: 0 });
      // A rotation run again (resumed) reads only what is left to do: nothing.
      expect(await vault.rotateVaultKey('key:test')).toEqual({ reencrypted: 0 });
      expect(await vault.rotateHmacKey('key:test')).toEqual({ rewritten: 0, remaining: 0 });
      const versions = await prisma.identityIndex.findMany({ where: { pseudonym: { in: before } }, select: { keyVersion: true } });
      expect(versions.every((v) => v.keyVersion === newHmac.version)).toBe(true);

      // Old keys retired: everything still resolves to the same pseudonyms and re-identifies.
      Object.assign(config.identity, {
        pseudonymKeys: { active: newHmac, all: [newHmac] },
        vaultKeys: { active: newVault, all: [newVault] },
      });
      expect(await Promise.all(ids.map((id) => identity.resolve(id)))).toEqual(before);
      expect(await vault.reidentify(before[0], 'rotation check', 'key:test')).toBe(ids[0]);
    } finally {
      // Rotate back, so that the rest of the suite runs under the configured keys.
      Object.assign(config.identity, {
        pseudonymKeys: { active: oldHmac.active, all: [...oldHmac.all, newHmac] },
        vaultKeys: { active: oldVault.active, all: [...oldVault.all, newVault] },
      });
      await vault.rotateVaultKey('key:test');
      await vault.rotateHmacKey('key:test');
      Object.assign(config.identity, { pseudonymKeys: oldHmac, vaultKeys: oldVault });
    }
    // Four passes over every shopper the suite has created so far: a whole-vault operation.
  }, 60_000);
});
