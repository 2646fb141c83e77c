import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config.js';
import { IdentityService } from '../../identity/identity.service.js';
import { CsvReader } from '../domain/csv-reader.js';
import { type PurchaseClock, wallClock } from '../domain/order.js';
import { compilePurchaseSchema, type PurchaseShapeCheck } from '../domain/purchase-schema.js';
import { NdjsonReader, type RecordReader } from '../domain/record-reader.js';
import { DomainEvents } from '../../../infra/events/domain-events.js';
import { OrdersRecordedEvent } from '../orders-recorded.event.js';
import { BulkPurchaseWriter } from './bulk-purchase.writer.js';
import type { ImportReport } from './import-report.js';
import { ImportRun } from './import-run.js';
import { PseudonymCache } from './pseudonym.cache.js';

export type ImportFormat = 'ndjson' | 'csv';

/** How many rejected lines a report lists (all are counted). */
export const MAX_LISTED_REJECTIONS = 1000;

export interface ImportOptions {
  format: ImportFormat;
  maxRejections?: number;
}

/**
 * Bulk ingestion of purchases, from `POST /v1/purchases/bulk`, `npm run import` and the dataset
 * loaders alike: one pipeline, whatever the door. Keeps every valid record and reports each
 * rejected line; loading the same input twice adds nothing.
 */
@Injectable()
export class PurchaseImportService {
  private readonly logger = new Logger(PurchaseImportService.name);
  private readonly shape: PurchaseShapeCheck = compilePurchaseSchema();
  private readonly clock: PurchaseClock;

  constructor(
    private readonly config: AppConfig,
    private readonly identity: IdentityService,
    private readonly writer: BulkPurchaseWriter,
    private readonly events: DomainEvents,
  ) {
    this.clock = wallClock(config.purchases.maxFutureSkewSeconds, config.privacy.purchaseRetentionMs);
  }

  async importStream(source: AsyncIterable<Buffer | string>, options: ImportOptions): Promise<ImportReport> {
    const purchases = this.config.purchases;
    const run = new ImportRun({
      reader: this.reader(options.format),
      writer: this.writer,
      cache: new PseudonymCache(purchases.importCustomerCacheSize),
      resolve: (ids) => this.identity.resolveMany(ids),
      onOrdersRecorded: (orders) => this.events.publish(new OrdersRecordedEvent(orders)),
      batchOrders: purchases.importBatchOrders,
      maxLineBytes: purchases.importMaxLineBytes,
      maxRejections: options.maxRejections ?? MAX_LISTED_REJECTIONS,
    });
    const report = await run.run(source);
    this.logger.log(
      {
        format: options.format,
        accepted: report.accepted,
        duplicates: report.duplicates,
        rejected: report.rejectedCount,
        lines: report.lines,
        ms: Math.round(report.timings.totalMs),
      },
      'purchase import finished',
    );
    return report;
  }

  private reader(format: ImportFormat): RecordReader {
    const deps = { shape: this.shape, clock: this.clock, maxLineBytes: this.config.purchases.importMaxLineBytes };
    return format === 'csv' ? new CsvReader(deps) : new NdjsonReader(deps);
  }
}
