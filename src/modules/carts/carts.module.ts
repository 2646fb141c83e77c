import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CartsGateway } from './carts.gateway.js';

@Module({ imports: [AuthModule], providers: [CartsGateway] })
export class CartsModule {}
