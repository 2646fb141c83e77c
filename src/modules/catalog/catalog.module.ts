import { Module } from '@nestjs/common';
import { CatalogChanges } from './catalog-changes.publisher.js';
import { CatalogController } from './catalog.controller.js';
import { CatalogRepository } from './catalog.repository.js';
import { CatalogService } from './catalog.service.js';
import { ProductsController } from './products.controller.js';

/** The product catalog, fed by `PUT /v1/products` and read by `GET /v1/products`; other modules read it through CatalogService. */
@Module({
  controllers: [CatalogController, ProductsController],
  providers: [CatalogRepository, CatalogService, CatalogChanges],
  exports: [CatalogService, CatalogChanges],
})
export class CatalogModule {}
