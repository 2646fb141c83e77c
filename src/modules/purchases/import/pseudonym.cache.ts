/**
 * Customer id → pseudonym for the length of one import, so a shopper seen in many batches costs
 * one lookup. Bounded: when full it starts over, keeping memory flat whatever the file (a later
 * miss costs one more set-based lookup, not a wrong answer). Lives in memory only, never logged.
 */
export class PseudonymCache {
  private readonly entries = new Map<string, string>();

  constructor(private readonly maxEntries: number) {}

  get(customerId: string): string | undefined {
    return this.entries.get(customerId);
  }

  addAll(resolved: Map<string, string>): void {
    if (this.maxEntries === 0) return;
    if (this.entries.size + resolved.size > this.maxEntries) this.entries.clear();
    for (const [id, pseudonym] of resolved) {
      if (this.entries.size >= this.maxEntries) return;
      this.entries.set(id, pseudonym);
    }
  }
}
