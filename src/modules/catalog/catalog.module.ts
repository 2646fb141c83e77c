import { Module } from '@nestjs/common';
import { CatalogChanges } from './catalog-changes.publisher.js';
import { CatalogController } from './catalog.controller.js';
import { CatalogRepository } from './catalog.repository.js';
import { CatalogService } from './catalog.service.js';

/** The product catalog, fed by `PUT /v1/products`; other modules read it through CatalogService. */
@Module({
  controllers: [CatalogController],
  providers: [CatalogRepository, CatalogService, CatalogChanges],
  exports: [CatalogService, CatalogChanges],
})
export class CatalogModule {}
