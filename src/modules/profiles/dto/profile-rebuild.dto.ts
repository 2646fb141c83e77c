import { ApiProperty } from '@nestjs/swagger';

/** `POST /v1/profiles/rebuild`: the run started (or, on a replayed `Idempotency-Key`, the first one). */
export class ProfileRebuildStartedDto {
  @ApiProperty({ format: 'uuid', example: '0f8e2d1c-4b5a-4c6d-9e8f-7a6b5c4d3e2f' }) runId: string;
}
