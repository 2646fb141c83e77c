import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { IdentityVaultService } from './identity-vault.service.js';
import { IdentityRepository } from './identity.repository.js';
import { IdentityService } from './identity.service.js';

@Module({
  imports: [AuditModule],
  providers: [IdentityRepository, IdentityService, IdentityVaultService],
  exports: [IdentityService, IdentityVaultService],
})
export class IdentityModule {}
