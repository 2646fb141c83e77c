/** What the privacy audit trail records. */
export enum AuditKind {
  Reidentification = 'reidentification',
  Erasure = 'erasure',
  Export = 'export',
  RetentionRun = 'retention_run',
  KeyRotation = 'key_rotation',
}

export interface AuditEvent {
  id: string;
  kind: AuditKind;
  actor: string;
  pseudonym: string | null;
  reason: string | null;
  details: Record<string, unknown> | null;
  at: Date;
}

export interface NewAuditEvent {
  kind: AuditKind;
  actor: string;
  pseudonym?: string;
  reason?: string;
  details?: Record<string, unknown>;
}
