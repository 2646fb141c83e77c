import { Module } from '@nestjs/common';
import { ConsentCache } from './consent.cache.js';
import { ConsentController } from './consent.controller.js';
import { ConsentRepository } from './consent.repository.js';
import { ConsentService } from './consent.service.js';

@Module({
  controllers: [ConsentController],
  providers: [ConsentRepository, ConsentCache, ConsentService],
  exports: [ConsentService],
})
export class ConsentModule {}
