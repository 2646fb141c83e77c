import { Module } from '@nestjs/common';
import { DemoController } from './demo.controller.js';
import { DemoService } from './demo.service.js';

/**
 * The demo: its shoppers and credential-free shopper sessions (`/v1/demo/*`, DEMO_MODE only), and
 * in `domain/` the pure generator of the demo world that the seed loads. Nothing depends on it.
 */
@Module({
  controllers: [DemoController],
  providers: [DemoService],
})
export class DemoModule {}
