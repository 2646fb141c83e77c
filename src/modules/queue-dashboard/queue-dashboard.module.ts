import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { QueueDashboard } from './queue-dashboard.service.js';

/** The queue dashboard for admins; mounted by setupApp when QUEUE_DASHBOARD_ENABLED. */
@Module({
  imports: [ApiKeysModule, AuthModule],
  providers: [QueueDashboard],
  exports: [QueueDashboard],
})
export class QueueDashboardModule {}
