/** Where an erasure request stands (GET /v1/privacy/erasure/:requestId). */
export enum ErasureStatus {
  Pending = 'pending',
  Running = 'running',
  Done = 'done',
  Failed = 'failed',
}

/** How much was removed, per kind of data; each step adds its count once it is done. */
export interface ErasureCounts {
  identities: number;
  orders: number;
  purchaseItems: number;
  consentDecisions: number;
  deliveries: number;
  suppressions: number;
  campaignAudiences: number;
  profiles: number;
  carts: number;
  devices: number;
}

export const NOTHING_REMOVED: Readonly<ErasureCounts> = Object.freeze({
  identities: 0,
  orders: 0,
  purchaseItems: 0,
  consentDecisions: 0,
  deliveries: 0,
  suppressions: 0,
  campaignAudiences: 0,
  profiles: 0,
  carts: 0,
  devices: 0,
});

export interface ErasureRequest {
  id: string;
  status: ErasureStatus;
  /** Set while the erasure runs; null once it is done (or when no such customer was known). */
  pseudonym: string | null;
  requestedBy: string;
  removed: ErasureCounts;
  error: string | null;
  requestedAt: Date;
  completedAt: Date | null;
}
