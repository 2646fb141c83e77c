import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { CatalogService } from '../catalog/catalog.service.js';
import type { ItemMetaLookup, ReminderItemMeta } from '../reminders/domain/reminder-ranker.js';

const TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 200_000;
const CLOCK_MS = 1000;

interface Entry extends ReminderItemMeta {
  category: string | null;
  at: number;
}

/**
 * Product names, categories and active flags for the live path, per instance, so that no cart
 * event waits on PostgreSQL: filled when a socket connects (its profile's and cart's skus) and in
 * the background for skus met later. Entries live TTL_MS; the oldest are dropped past MAX_ENTRIES.
 * The ranker asks for every item of a profile on every event, so ages are read against a clock
 * ticking once a second rather than Date.now() per lookup.
 */
@Injectable()
export class ProductInfoCache implements ItemMetaLookup, OnModuleDestroy {
  private readonly logger = new Logger(ProductInfoCache.name);
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Set<string>();
  private now = Date.now();
  private readonly clock = setInterval(() => (this.now = Date.now()), CLOCK_MS).unref();

  constructor(private readonly catalog: CatalogService) {}

  onModuleDestroy(): void {
    clearInterval(this.clock);
  }

  get(sku: string): Entry | undefined {
    const entry = this.entries.get(sku);
    return entry && this.now - entry.at < TTL_MS ? entry : undefined;
  }

  /** Every sku has a fresh entry (nothing to prefetch). */
  hasAll(skus: readonly string[]): boolean {
    for (const sku of skus) if (!this.get(sku)) return false;
    return true;
  }

  name(sku: string): string | undefined {
    return this.get(sku)?.name;
  }

  /** Loads what is missing or stale; awaited at connect, fire-and-forget on the hot path. */
  async prefetch(skus: Iterable<string>): Promise<void> {
    let missing: Set<string> | undefined;
    for (const sku of skus) if (!this.get(sku) && !this.inflight.has(sku)) (missing ??= new Set()).add(sku);
    if (missing) await this.load([...missing]);
  }

  private async load(missing: string[]): Promise<void> {
    missing.forEach((sku) => this.inflight.add(sku));
    try {
      const found = await this.catalog.findBySkus(missing);
      const now = (this.now = Date.now());
      for (const sku of missing) {
        const p = found.get(sku);
        // Unknown skus are remembered too, so they are not looked up on every event.
        this.entries.set(sku, { name: p?.name, active: p?.active ?? true, category: p?.category ?? null, at: now });
      }
      this.evict();
    } catch (error) {
      this.logger.warn({ err: error }, 'product info prefetch failed');
    } finally {
      missing.forEach((sku) => this.inflight.delete(sku));
    }
  }

  private evict(): void {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= MAX_ENTRIES) return;
      this.entries.delete(key);
    }
  }
}
