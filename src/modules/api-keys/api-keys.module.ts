import { Module } from '@nestjs/common';
import { StaffKeyAuthenticator } from '../auth/staff-key-authenticator.js';
import { SuppliersModule } from '../suppliers/suppliers.module.js';
import { ApiKeysController } from './api-keys.controller.js';
import { ApiKeysRepository } from './api-keys.repository.js';
import { ApiKeysService } from './api-keys.service.js';

@Module({
  imports: [SuppliersModule],
  controllers: [ApiKeysController],
  providers: [ApiKeysRepository, ApiKeysService, { provide: StaffKeyAuthenticator, useExisting: ApiKeysService }],
  exports: [ApiKeysService, StaffKeyAuthenticator],
})
export class ApiKeysModule {}
