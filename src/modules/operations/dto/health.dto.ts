import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorResponseDto } from '../../../common/http/error-response.dto.js';

export class HealthLiveDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' }) status: 'ok';
}

const UP = { postgres: { status: 'up' }, redis: { status: 'up' } };

/** Terminus' answer: each part checked, by name. */
export class HealthReadyDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' }) status: string;
  @ApiProperty({ type: Object, additionalProperties: true, example: UP }) info: Record<string, unknown>;
  @ApiProperty({ type: Object, additionalProperties: true, example: {} }) error: Record<string, unknown>;
  @ApiProperty({ type: Object, additionalProperties: true, example: UP }) details: Record<string, unknown>;
  /** Parts down that do not make the instance unready: the read replica (reports and exports then read the primary). */
  @ApiPropertyOptional({ type: [String], example: ['postgres_replica'] }) degraded?: string[];
}

/** The 503 of `GET /health/ready`: the common error body, and Terminus' fields for tools that read them. */
export class HealthNotReadyDto extends ErrorResponseDto {
  @ApiProperty({ enum: ['error'], example: 'error' }) status: string;
  @ApiProperty({ type: Object, additionalProperties: true, example: { postgres: { status: 'up' } } }) info: Record<string, unknown>;
  @ApiProperty({ type: Object, additionalProperties: true, example: { redis: { status: 'down' } } }) error: Record<string, unknown>;
}
