import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../infra/database/prisma.service.js';
import type { SealedId } from './domain/customer-id.js';

/** An index entry to rewrite during an HMAC key rotation. */
export interface IndexRewrite {
  pseudonym: string;
  lookup: string;
  keyVersion: number;
}

@Injectable()
export class IdentityRepository {
  constructor(private readonly prisma: PrismaService) {}

  async findByLookup(lookups: string[]): Promise<{ pseudonym: string; keyVersion: number } | undefined> {
    const row = await this.prisma.identityIndex.findFirst({
      where: { lookup: { in: lookups } },
      select: { pseudonym: true, keyVersion: true },
    });
    return row ?? undefined;
  }

  /**
   * Creates shopper, index entry and vault entry in one transaction. Returns false when another
   * request created the same customer first (unique violation on the lookup).
   */
  async create(pseudonym: string, lookup: string, keyVersion: number, sealed: SealedId): Promise<boolean> {
    const inserted = await this.prisma.$executeRaw`
      WITH idx AS (
        INSERT INTO identity_index (lookup, key_version, pseudonym) VALUES (${lookup}, ${keyVersion}, ${pseudonym}::uuid)
        ON CONFLICT (lookup) DO NOTHING RETURNING pseudonym
      ), shopper AS (
        INSERT INTO shoppers (pseudonym) SELECT pseudonym FROM idx RETURNING pseudonym
      )
      INSERT INTO identity_vault (pseudonym, key_version, iv, ciphertext, tag)
      SELECT pseudonym, ${sealed.keyVersion}, ${sealed.iv}, ${sealed.ciphertext}, ${sealed.tag} FROM shopper`;
    return inserted === 1;
  }

  /** Bulk lookup for imports: every index entry among `lookups`, keyed by lookup. */
  async findManyByLookup(lookups: string[]): Promise<Map<string, { pseudonym: string; keyVersion: number }>> {
    if (lookups.length === 0) return new Map();
    const rows = await this.prisma.$queryRaw<Array<{ lookup: string; pseudonym: string; key_version: number }>>`
      SELECT lookup, pseudonym::text AS pseudonym, key_version FROM identity_index WHERE lookup = ANY(${lookups}::text[])`;
    return new Map(rows.map((r) => [r.lookup, { pseudonym: r.pseudonym, keyVersion: r.key_version }]));
  }

  /**
   * Bulk `create` for imports: shoppers, index and vault entries of many customers in one
   * statement. Entries whose lookup already exists (a concurrent creation) are skipped; returns
   * the lookups that were created, so the caller looks up only the others again.
   */
  async createMany(entries: Array<{ pseudonym: string; lookup: string; keyVersion: number; sealed: SealedId }>): Promise<Set<string>> {
    if (entries.length === 0) return new Set();
    const b64 = (pick: (s: SealedId) => Buffer) => entries.map((e) => pick(e.sealed).toString('base64'));
    const rows = await this.prisma.$queryRaw<Array<{ lookup: string }>>`
      WITH input AS (
        SELECT * FROM unnest(
          ${entries.map((e) => e.lookup)}::text[], ${entries.map((e) => e.pseudonym)}::uuid[], ${entries.map((e) => e.keyVersion)}::int[],
          ${entries.map((e) => e.sealed.keyVersion)}::int[], ${b64((s) => s.iv)}::text[], ${b64((s) => s.ciphertext)}::text[], ${b64((s) => s.tag)}::text[]
        ) AS t(lookup, pseudonym, key_version, vault_version, iv, ciphertext, tag)
      ), idx AS (
        INSERT INTO identity_index (lookup, key_version, pseudonym) SELECT lookup, key_version, pseudonym FROM input
        ORDER BY lookup ON CONFLICT (lookup) DO NOTHING RETURNING lookup, pseudonym
      ), shopper AS (
        INSERT INTO shoppers (pseudonym) SELECT pseudonym FROM idx RETURNING pseudonym
      ), vault AS (
        INSERT INTO identity_vault (pseudonym, key_version, iv, ciphertext, tag)
        SELECT i.pseudonym, i.vault_version, decode(i.iv, 'base64'), decode(i.ciphertext, 'base64'), decode(i.tag, 'base64')
        FROM input i JOIN shopper s USING (pseudonym)
      )
      SELECT lookup FROM idx`;
    return new Set(rows.map((r) => r.lookup));
  }

  async countIndexNotUnder(keyVersion: number): Promise<number> {
    return this.prisma.identityIndex.count({ where: { keyVersion: { not: keyVersion } } });
  }

  async exists(pseudonym: string): Promise<boolean> {
    return (await this.prisma.shopper.count({ where: { pseudonym } })) > 0;
  }

  /**
   * Erasure, first step: the customer id can no longer be found or read back. With `suppress`, its
   * lookup moves to suppressed_identities in the same statement, so that no ingest in between finds
   * neither. Returns whether there was one.
   */
  async eraseIdentity(pseudonym: string, suppress: boolean): Promise<boolean> {
    const [, vault] = await this.prisma.$transaction([
      suppress
        ? this.prisma.$executeRaw`
            WITH gone AS (DELETE FROM identity_index WHERE pseudonym = ${pseudonym}::uuid RETURNING lookup, key_version)
            INSERT INTO suppressed_identities (lookup, key_version, reason) SELECT lookup, key_version, 'erasure' FROM gone
            ON CONFLICT (lookup) DO NOTHING`
        : this.prisma.$executeRaw`DELETE FROM identity_index WHERE pseudonym = ${pseudonym}::uuid`,
      this.prisma.$executeRaw`DELETE FROM identity_vault WHERE pseudonym = ${pseudonym}::uuid`,
    ]);
    return vault > 0;
  }

  /** The lookups among these that are suppressed (the customer was erased at their request). */
  async suppressedAmong(lookups: string[]): Promise<Set<string>> {
    if (lookups.length === 0) return new Set();
    const rows = await this.prisma.$queryRaw<Array<{ lookup: string }>>`
      SELECT lookup FROM suppressed_identities WHERE lookup = ANY(${lookups}::text[])`;
    return new Set(rows.map((r) => r.lookup));
  }

  /** The customer came back by themselves (signed in): their orders are welcome again. */
  async liftSuppression(lookups: string[]): Promise<void> {
    await this.prisma.$executeRaw`DELETE FROM suppressed_identities WHERE lookup = ANY(${lookups}::text[])`;
  }

  /** Erasure, last step: the shopper row (after everything that refers to it). */
  async eraseShopper(pseudonym: string): Promise<void> {
    await this.prisma.$executeRaw`DELETE FROM shoppers WHERE pseudonym = ${pseudonym}::uuid`;
  }

  async readVault(pseudonym: string): Promise<SealedId | undefined> {
    const row = await this.prisma.identityVault.findUnique({ where: { pseudonym } });
    return row
      ? { keyVersion: row.keyVersion, iv: Buffer.from(row.iv), ciphertext: Buffer.from(row.ciphertext), tag: Buffer.from(row.tag) }
      : undefined;
  }

  async touch(pseudonym: string): Promise<void> {
    await this.prisma
      .$executeRaw`UPDATE shoppers SET last_active_at = now() WHERE pseudonym = ${pseudonym}::uuid AND last_active_at < now() - interval '1 hour'`;
  }

  /**
   * One page of vault entries in pseudonym order, for the key rotations. Only the entries still to
   * rotate are read: those sealed under another vault key, or those whose index entry is under
   * another HMAC key, so that a rotation (or its resumption) costs what is left to do, not the vault.
   */
  async vaultPage(
    after: string | undefined,
    limit: number,
    stale: { vaultNotUnder: number } | { indexNotUnder: number },
  ): Promise<Array<SealedId & { pseudonym: string }>> {
    const from = after ?? '00000000-0000-0000-0000-000000000000';
    const rows =
      'vaultNotUnder' in stale
        ? await this.prisma.$queryRaw<VaultRow[]>`
            SELECT pseudonym::text, key_version, iv, ciphertext, tag FROM identity_vault
            WHERE pseudonym > ${from}::uuid AND key_version <> ${stale.vaultNotUnder}
            ORDER BY pseudonym LIMIT ${limit}`
        : await this.prisma.$queryRaw<VaultRow[]>`
            SELECT v.pseudonym::text, v.key_version, v.iv, v.ciphertext, v.tag
            FROM identity_vault v JOIN identity_index i USING (pseudonym)
            WHERE v.pseudonym > ${from}::uuid AND i.key_version <> ${stale.indexNotUnder}
            ORDER BY v.pseudonym LIMIT ${limit}`;
    return rows.map((r) => ({
      pseudonym: r.pseudonym,
      keyVersion: r.key_version,
      iv: Buffer.from(r.iv),
      ciphertext: Buffer.from(r.ciphertext),
      tag: Buffer.from(r.tag),
    }));
  }

  async rewriteIndexBatch(rows: IndexRewrite[]): Promise<void> {
    if (rows.length === 0) return;
    await this.prisma.$executeRaw`
      UPDATE identity_index AS i SET lookup = r.lookup, key_version = r.key_version
      FROM unnest(${rows.map((r) => r.pseudonym)}::uuid[], ${rows.map((r) => r.lookup)}::text[], ${rows.map((r) => r.keyVersion)}::int[])
        AS r(pseudonym, lookup, key_version)
      WHERE i.pseudonym = r.pseudonym`;
  }

  async rewriteVaultBatch(rows: Array<SealedId & { pseudonym: string }>): Promise<void> {
    if (rows.length === 0) return;
    // One statement per page (a row-by-row transaction made a rotation of a large vault crawl).
    await this.prisma.$executeRaw`
      UPDATE identity_vault AS v SET key_version = r.key_version, iv = r.iv, ciphertext = r.ciphertext, tag = r.tag
      FROM unnest(${rows.map((r) => r.pseudonym)}::uuid[], ${rows.map((r) => r.keyVersion)}::int[],
                  ${rows.map((r) => new Uint8Array(r.iv))}::bytea[], ${rows.map((r) => new Uint8Array(r.ciphertext))}::bytea[],
                  ${rows.map((r) => new Uint8Array(r.tag))}::bytea[])
        AS r(pseudonym, key_version, iv, ciphertext, tag)
      WHERE v.pseudonym = r.pseudonym`;
  }
}

interface VaultRow {
  pseudonym: string;
  key_version: number;
  iv: Uint8Array;
  ciphertext: Uint8Array;
  tag: Uint8Array;
}
