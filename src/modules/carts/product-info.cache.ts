import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type CatalogChange, CatalogEvents } from '../catalog/catalog-events.js';
import { CatalogService } from '../catalog/catalog.service.js';
import type { ItemMetaLookup, ReminderItemMeta } from '../reminders/domain/reminder-ranker.js';

const REFRESH_AFTER_MS = 5 * 60_000;
const MAX_ENTRIES = 200_000;
const CLOCK_MS = 1000;

interface Entry extends ReminderItemMeta {
  category: string | null;
  at: number;
}

/**
 * Product names, categories and active flags for the live path, per instance, so that no cart
 * event waits on PostgreSQL: filled when a socket connects (its profile's and cart's skus) and in
 * the background for skus met later. Catalog writes reach every instance at once (CatalogEvents):
 * the entries of the skus written are read again, and `version` moves, so that anything derived
 * from them (a device's remembered ranking) is derived again. Entries older than REFRESH_AFTER_MS
 * are still served but read again in the background (in case a change message was lost); the
 * oldest are dropped past MAX_ENTRIES. The ranker asks for every item of a profile on every event,
 * so ages are read against a clock ticking once a second rather than Date.now() per lookup.
 */
@Injectable()
export class ProductInfoCache implements ItemMetaLookup, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ProductInfoCache.name);
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Set<string>();
  private stale: Set<string> | undefined;
  private now = Date.now();
  private readonly clock = setInterval(() => this.tick(), CLOCK_MS).unref();
  /** Moves whenever entries were read again after a catalog change. */
  version = 0;

  constructor(
    private readonly catalog: CatalogService,
    private readonly events: CatalogEvents,
  ) {}

  onModuleInit(): void {
    this.events.onChange((change) => void this.onCatalogChange(change));
  }

  onModuleDestroy(): void {
    clearInterval(this.clock);
  }

  get(sku: string): Entry | undefined {
    const entry = this.entries.get(sku);
    if (entry !== undefined && this.now - entry.at >= REFRESH_AFTER_MS) (this.stale ??= new Set()).add(sku);
    return entry;
  }

  /** Every sku has an entry (nothing to prefetch). */
  hasAll(skus: readonly string[]): boolean {
    for (const sku of skus) if (!this.entries.has(sku)) return false;
    return true;
  }

  name(sku: string): string | undefined {
    return this.get(sku)?.name;
  }

  /** Loads what is missing; awaited at connect, fire-and-forget on the hot path. */
  async prefetch(skus: Iterable<string>): Promise<void> {
    let missing: Set<string> | undefined;
    for (const sku of skus) if (!this.entries.has(sku) && !this.inflight.has(sku)) (missing ??= new Set()).add(sku);
    if (missing) await this.load([...missing]);
  }

  private tick(): void {
    this.now = Date.now();
    const stale = this.stale;
    this.stale = undefined;
    if (stale) void this.load([...stale].filter((sku) => !this.inflight.has(sku)));
  }

  private async onCatalogChange(change: CatalogChange): Promise<void> {
    const known = 'all' in change ? [...this.entries.keys()] : change.skus.filter((sku) => this.entries.has(sku));
    if (known.length === 0) return;
    // Read again before replacing: meanwhile the previous facts serve, never none.
    for (let i = 0; i < known.length; i += 10_000) await this.load(known.slice(i, i + 10_000), true);
    this.version++;
  }

  private async load(skus: string[], force = false): Promise<void> {
    if (skus.length === 0) return;
    skus.forEach((sku) => this.inflight.add(sku));
    try {
      const found = await this.catalog.findBySkus(skus);
      const now = (this.now = Date.now());
      for (const sku of skus) {
        const p = found.get(sku);
        // Unknown skus are remembered too, so they are not looked up on every event.
        this.entries.set(sku, { name: p?.name, active: p?.active ?? true, category: p?.category ?? null, at: now });
      }
      this.evict();
    } catch (error) {
      this.logger.warn({ err: error }, 'product info load failed');
      // A catalog change not applied: tried again at the next tick.
      if (force) for (const sku of skus) (this.stale ??= new Set()).add(sku);
    } finally {
      skus.forEach((sku) => this.inflight.delete(sku));
    }
  }

  private evict(): void {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= MAX_ENTRIES) return;
      this.entries.delete(key);
    }
  }
}
