import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { BulkPurchaseWriter } from './import/bulk-purchase-writer.js';
import { PurchaseImportService } from './import/purchase-import.service.js';
import { PurchasesController } from './purchases.controller.js';
import { PurchasesDatabase } from './purchases.database.js';
import { PurchasesRepository } from './purchases.repository.js';
import { PurchasesService } from './purchases.service.js';

/**
 * Purchase history: one order at a time (HTTP, cart checkout) and in bulk (NDJSON stream, CLI
 * import). New orders are published as OrdersRecordedEvent.
 */
@Module({
  imports: [IdentityModule],
  controllers: [PurchasesController],
  providers: [PurchasesDatabase, PurchasesRepository, BulkPurchaseWriter, PurchasesService, PurchaseImportService],
  exports: [PurchasesService, PurchaseImportService],
})
export class PurchasesModule {}
