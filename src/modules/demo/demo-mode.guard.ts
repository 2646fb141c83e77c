import { type CanActivate, Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error.js';
import { AppConfig } from '../../config/app-config.js';

/**
 * Outside demo mode the demo routes do not exist: 404 before anything else (body validation
 * included) looks at the request.
 */
@Injectable()
export class DemoModeGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(): boolean {
    if (!this.config.runtime.demoMode) throw AppError.notFound('Route');
    return true;
  }
}
