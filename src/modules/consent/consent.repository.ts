import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../infra/prisma/prisma.service.js';
import type { ConsentDecision, ExplicitChoices, LegalBasis, Purpose } from './domain/consent.js';

/** A shopper's explicit choices and the ledger position they reflect (the cache's version). */
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

  /** The current explicit state (latest decision per purpose), from consent_state. */
  async current(pseudonym: string): Promise<StoredChoices> {
    const rows = await this.prisma.consentState.findMany({ where: { pseudonym } });
    const decisions = rows.map((r) => ({
      id: r.decisionId.toString(),
      purpose: r.purpose as Purpose,
      granted: r.granted,
      basis: r.basis as LegalBasis,
      source: r.source,
      noticeVersion: r.noticeVersion,
      actor: '',
      at: r.updatedAt,
    }));
    return toStored(decisions);
  }

  /**
   * Appends the decisions to the ledger and moves the current state, in one transaction.
   * Returns the new current state.
   */
  async record(pseudonym: string, changes: NewDecision[], meta: { source: string; noticeVersion: string | null; actor: string }): Promise<StoredChoices> {
    return this.prisma.$transaction(async (tx) => {
      const at = new Date();
      for (const change of changes) {
        const row = await tx.consentDecision.create({
          data: { pseudonym, purpose: change.purpose, granted: change.granted, basis: change.basis, source: meta.source, noticeVersion: meta.noticeVersion, actor: meta.actor, at },
          select: { id: true },
        });
        const state = { granted: change.granted, basis: change.basis, source: meta.source, noticeVersion: meta.noticeVersion, decisionId: row.id, updatedAt: at };
        await tx.consentState.upsert({
          where: { pseudonym_purpose: { pseudonym, purpose: change.purpose } },
          create: { pseudonym, purpose: change.purpose, ...state },
          update: state,
        });
      }
      const rows = await tx.consentState.findMany({ where: { pseudonym } });
      return toStored(rows.map((r) => ({ id: r.decisionId.toString(), purpose: r.purpose as Purpose, granted: r.granted, basis: r.basis as LegalBasis, source: r.source, noticeVersion: r.noticeVersion, actor: meta.actor, at: r.updatedAt })));
    });
  }

  /** The whole ledger of one shopper, oldest first. */
  async history(pseudonym: string): Promise<ConsentDecision[]> {
    const rows = await this.prisma.consentDecision.findMany({ where: { pseudonym }, orderBy: { id: 'asc' } });
    return rows.map((r) => ({
      id: r.id.toString(),
      purpose: r.purpose as Purpose,
      granted: r.granted,
      basis: r.basis as LegalBasis,
      source: r.source,
      noticeVersion: r.noticeVersion,
      actor: r.actor,
      at: r.at,
    }));
  }
}

function toStored(decisions: ConsentDecision[]): StoredChoices {
  const choices: ExplicitChoices = {};
  let version = 0n;
  for (const d of decisions) {
    choices[d.purpose] = d.granted;
    if (BigInt(d.id) > version) version = BigInt(d.id);
  }
  return { version, decisions, choices };
}
