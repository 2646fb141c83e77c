import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import type { ConsentDecision, ExplicitChoices, LegalBasis, Purpose } from './domain/consent.js';

/** A shopper's explicit choices and their consent version (the cache's ordering key). */
export interface StoredChoices {
  version: bigint;
  decisions: ConsentDecision[];
  choices: ExplicitChoices;
}

export interface NewDecision {
  purpose: Purpose;
  granted: boolean;
  basis: LegalBasis;
}

@Injectable()
export class ConsentRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * The current explicit state (latest decision per purpose) and the consent version, in one
   * statement: it runs on the cart path's cache misses, where a transaction per read would queue.
   */
  async current(pseudonym: string): Promise<StoredChoices> {
    const rows = await this.prisma.$queryRaw<
      Array<{
        consent_version: bigint;
        purpose: string | null;
        granted: boolean | null;
        basis: string | null;
        source: string | null;
        notice_version: string | null;
        decision_id: bigint | null;
        updated_at: Date | null;
      }>
    >`SELECT s.consent_version, c.purpose, c.granted, c.basis, c.source, c.notice_version, c.decision_id, c.updated_at
      FROM shoppers s LEFT JOIN consent_state c ON c.pseudonym = s.pseudonym
      WHERE s.pseudonym = ${pseudonym}::uuid`;
    const decisions = rows
      .filter((r) => r.purpose !== null)
      .map((r) => ({
        id: String(r.decision_id),
        purpose: r.purpose as Purpose,
        granted: r.granted as boolean,
        basis: r.basis as LegalBasis,
        source: r.source as string,
        noticeVersion: r.notice_version,
        actor: '',
        at: r.updated_at as Date,
        position: null,
      }));
    return toStored(decisions, rows[0]?.consent_version ?? 0n);
  }

  /**
   * Appends the decisions to the ledger and moves the current state, in one transaction.
   * Returns the new current state.
   */
  async record(
    pseudonym: string,
    changes: NewDecision[],
    meta: { source: string; noticeVersion: string | null; actor: string },
  ): Promise<StoredChoices> {
    return this.prisma.$transaction(async (tx) => {
      // Locks the shopper's row: concurrent changes of one shopper commit one after the other, and
      // each gets a version that orders its Redis write after the previous one's.
      const locked = await tx.$queryRaw<Array<{ consent_version: bigint }>>`
        UPDATE shoppers SET consent_version = consent_version + 1 WHERE pseudonym = ${pseudonym}::uuid RETURNING consent_version`;
      if (locked.length === 0) throw AppError.notFound('Shopper');
      const version = locked[0].consent_version;
      const at = new Date();
      for (const change of changes) {
        const row = await tx.consentDecision.create({
          data: {
            pseudonym,
            purpose: change.purpose,
            granted: change.granted,
            basis: change.basis,
            source: meta.source,
            noticeVersion: meta.noticeVersion,
            actor: meta.actor,
            at,
            position: version,
          },
          select: { id: true },
        });
        const state = {
          granted: change.granted,
          basis: change.basis,
          source: meta.source,
          noticeVersion: meta.noticeVersion,
          decisionId: row.id,
          updatedAt: at,
        };
        await tx.consentState.upsert({
          where: { pseudonym_purpose: { pseudonym, purpose: change.purpose } },
          create: { pseudonym, purpose: change.purpose, ...state },
          update: state,
        });
      }
      const rows = await tx.consentState.findMany({ where: { pseudonym } });
      return toStored(
        rows.map((r) => ({
          id: r.decisionId.toString(),
          purpose: r.purpose as Purpose,
          granted: r.granted,
          basis: r.basis as LegalBasis,
          source: r.source,
          noticeVersion: r.noticeVersion,
          actor: meta.actor,
          at: r.updatedAt,
          position: null,
        })),
        version,
      );
    });
  }

  /**
   * Erasure: the shopper's ledger and current state. The ledger is append-only in the database;
   * its purge switch is opened for this one transaction only (the erasure is in the audit trail).
   * Returns the number of decisions removed.
   */
  async erase(pseudonym: string): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      // The shopper's row lock, as every consent change takes it: none lands between these deletes.
      await tx.$queryRaw`SELECT 1 FROM shoppers WHERE pseudonym = ${pseudonym}::uuid FOR UPDATE`;
      await tx.$executeRaw`SELECT set_config('panier.ledger_purge', 'on', true)`;
      const decisions = await tx.$executeRaw`DELETE FROM consent_ledger WHERE pseudonym = ${pseudonym}::uuid`;
      await tx.$executeRaw`DELETE FROM consent_state WHERE pseudonym = ${pseudonym}::uuid`;
      return decisions;
    });
  }

  /** The whole ledger of one shopper, oldest first. */
  async history(pseudonym: string): Promise<ConsentDecision[]> {
    return (await this.prisma.consentDecision.findMany({ where: { pseudonym }, orderBy: { id: 'asc' } })).map(toDecision);
  }

  /** Newest first, keyset-paginated on the ledger id: `limit + 1` rows, so the caller sees if more follow. */
  async newest(pseudonym: string, limit: number, beforeId?: bigint): Promise<ConsentDecision[]> {
    const rows = await this.prisma.consentDecision.findMany({
      where: { pseudonym, ...(beforeId !== undefined ? { id: { lt: beforeId } } : {}) },
      orderBy: { id: 'desc' },
      take: limit + 1,
    });
    return rows.map(toDecision);
  }
}

function toDecision(r: {
  id: bigint;
  purpose: string;
  granted: boolean;
  basis: string;
  source: string;
  noticeVersion: string | null;
  actor: string;
  at: Date;
  position: bigint | null;
}): ConsentDecision {
  return {
    id: r.id.toString(),
    purpose: r.purpose as Purpose,
    granted: r.granted,
    basis: r.basis as LegalBasis,
    source: r.source,
    noticeVersion: r.noticeVersion,
    actor: r.actor,
    at: r.at,
    position: r.position === null ? null : r.position.toString(),
  };
}

function toStored(decisions: ConsentDecision[], version: bigint): StoredChoices {
  const choices: ExplicitChoices = {};
  for (const d of decisions) choices[d.purpose] = d.granted;
  return { version, decisions, choices };
}
