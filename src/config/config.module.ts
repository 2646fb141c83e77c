import { type DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig, type ConfigOverrides, loadConfig } from './app-config.js';

@Global()
@Module({
  providers: [{ provide: AppConfig, useFactory: () => loadConfig() }],
  exports: [AppConfig],
})
export class ConfigModule {
  /** The configuration with what an entry point decides whatever the environment says (the worker process). */
  static withOverrides(overrides: ConfigOverrides): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: AppConfig, useFactory: () => loadConfig(process.env, overrides) }],
      exports: [AppConfig],
    };
  }
}
