import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCode, type ErrorBody, type ErrorDetail } from '../errors/app-error.js';

/** One field at fault, as `items.0.quantity`. */
export class ErrorDetailDto implements ErrorDetail {
  @ApiProperty({ example: 'items.0.quantity' }) field: string;
  @ApiProperty({ example: 'quantity must not be less than 1' }) message: string;
}

/** The contract's one error body, for the OpenAPI document (the filter builds it from AppError). */
export class ErrorResponseDto implements ErrorBody {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ enum: ErrorCode, example: ErrorCode.ValidationFailed }) code: string;
  @ApiProperty({ description: 'For people; never parse it (read `code` and `details`)', example: 'Validation failed' }) message: string;
  @ApiPropertyOptional({ type: [ErrorDetailDto], description: 'The fields at fault (VALIDATION_FAILED); absent otherwise' })
  details?: ErrorDetail[];
}
