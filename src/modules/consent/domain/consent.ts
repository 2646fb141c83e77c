/** The four purposes of the contract. */
export enum Purpose {
  Personalization = 'personalization',
  TargetedOffers = 'targeted_offers',
  PushMarketing = 'push_marketing',
  SupplierInsights = 'supplier_insights',
}

export const PURPOSES = Object.values(Purpose);

export type LegalBasis = 'consent' | 'legitimate_interest';

/** A shopper's explicit choice for one purpose, as recorded in the ledger. */
export interface ConsentDecision {
  id: string;
  purpose: Purpose;
  granted: boolean;
  basis: LegalBasis;
  source: string;
  noticeVersion: string | null;
  actor: string;
  at: Date;
  /** The shopper's consent version this decision moved the state to (the ledger position a delivery's proof names); null before it was kept. */
  position: string | null;
}

/** The effective state of one purpose: the latest decision, or the basis' default. */
export interface PurposeState {
  granted: boolean;
  basis: LegalBasis;
  source: string;
  updatedAt: Date | null;
}

export type ConsentState = Record<Purpose, PurposeState>;

/** Explicit choices only, as kept in the hot-path cache: absent purpose = never chosen. */
export type ExplicitChoices = Partial<Record<Purpose, boolean>>;

/**
 * Consent: not granted until the shopper says yes. Legitimate interest: granted until the
 * shopper objects (GDPR Art. 21).
 */
export function defaultGranted(basis: LegalBasis): boolean {
  return basis === 'legitimate_interest';
}

/** The state of every purpose from a shopper's decisions: the latest decision of each wins. */
export function resolveConsent(decisions: readonly ConsentDecision[], bases: Record<Purpose, LegalBasis>): ConsentState {
  const latest = new Map<Purpose, ConsentDecision>();
  for (const d of decisions) {
    const seen = latest.get(d.purpose);
    if (!seen || isLater(d, seen)) latest.set(d.purpose, d);
  }
  const state = {} as ConsentState;
  for (const purpose of PURPOSES) {
    const d = latest.get(purpose);
    state[purpose] = d
      ? { granted: d.granted, basis: bases[purpose], source: d.source, updatedAt: d.at }
      : { granted: defaultGranted(bases[purpose]), basis: bases[purpose], source: 'default', updatedAt: null };
  }
  return state;
}

/** Whether a purpose is granted, from the cached explicit choices and the configured bases. */
export function isGranted(choices: ExplicitChoices, purpose: Purpose, bases: Record<Purpose, LegalBasis>): boolean {
  return choices[purpose] ?? defaultGranted(bases[purpose]);
}

function isLater(a: ConsentDecision, b: ConsentDecision): boolean {
  const t = a.at.getTime() - b.at.getTime();
  return t !== 0 ? t > 0 : BigInt(a.id) > BigInt(b.id);
}
