/** Every BullMQ queue, kebab-case nouns. A queue without a registered processor fails start-up. */
export enum QueueName {
  ProfileRebuild = 'profile-rebuild',
}

/** Every job name, noun-then-verb. */
export enum JobName {
  ProfileRebuild = 'ProfileRebuild',
}

/**
 * Deterministic job ids: BullMQ refuses `:` in custom ids and treats all-digit ids as its own.
 * Parts are joined with `-`; callers pass stable parts (a campaign id, a chunk number).
 */
export function jobId(...parts: Array<string | number>): string {
  const id = parts.map((p) => String(p).replaceAll(':', '_')).join('-');
  return /^\d+$/.test(id) ? `j-${id}` : id;
}
