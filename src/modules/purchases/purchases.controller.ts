import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { ErrorResponseDto } from '../../common/http/error-response.dto.js';
import { Idempotent, idempotentBodyOf } from '../../common/http/idempotency.interceptor.js';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { ApiIdempotent } from '../../common/openapi/api-idempotent.decorator.js';
import { ApiStaff } from '../auth/api-access.decorator.js';
import { Roles } from '../auth/access.decorator.js';
import { StaffRole } from '../auth/domain/principal.js';
import { BulkImportResponseDto, CreatePurchaseDto, PurchaseResponseDto } from './dto/purchase.dto.js';
import { type ImportFormat, PurchaseImportService } from './import/purchase-import.service.js';
import { PurchasesService } from './purchases.service.js';

/** Streamed bulk bodies: NDJSON, as the contract says (CSV loads through `npm run import`). */
const BULK_FORMATS: Record<string, ImportFormat> = {
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
};

@ApiTags('ingest')
@ApiStaff(StaffRole.Ingest)
@Controller('v1/purchases')
@Roles(StaffRole.Ingest)
export class PurchasesController {
  constructor(
    private readonly purchases: PurchasesService,
    private readonly imports: PurchaseImportService,
  ) {}

  /** 201 when stored, 200 when the same order was already stored. An `Idempotency-Key` replays the first answer. */
  @Post()
  @HttpCode(201)
  @Idempotent()
  @ApiOperation({
    summary: 'Record one purchase',
    description:
      'One order of one customer; the customer id is pseudonymized at once. 201 when stored, 200 when the same order was already stored.',
  })
  @ApiIdempotent()
  @ApiCreatedResponse({ type: PurchaseResponseDto, description: 'Created: the order is stored (`status: "created"`)' })
  @ApiOkResponse({ type: PurchaseResponseDto, description: 'Duplicate: the same order was already recorded (`status: "duplicate"`)' })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'Invalid purchase, or one already older than RETENTION_PURCHASE_DAYS (`purchasedAt`); nothing of it is stored',
  })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description:
      'The orderId already holds another order (another customer or other items), or `CUSTOMER_SUPPRESSED`: the customer was erased at their request, and nothing is stored',
  })
  @ApiErrors(413, 415)
  async create(@Body() dto: CreatePurchaseDto, @Res({ passthrough: true }) res: Response): Promise<PurchaseResponseDto> {
    const status = await this.purchases.record(dto);
    if (status === 'duplicate') res.status(200);
    return { orderId: dto.orderId, status };
  }

  /**
   * The body is read as a stream, line by line (each line at most IMPORT_MAX_LINE_BYTES), never
   * buffered whole. An `Idempotency-Key` replays the first report; the body's fingerprint is the
   * hash of its bytes, taken as they stream by.
   */
  @Post('bulk')
  @HttpCode(200)
  @Idempotent({ streamedBody: true })
  @ApiOperation({
    summary: 'Import purchases in bulk (NDJSON)',
    description:
      'One purchase per line, streamed (each line at most IMPORT_MAX_LINE_BYTES, 64 KiB by default). Bad lines are rejected alone and reported; the rest is stored.',
  })
  @ApiIdempotent()
  @ApiConsumes('application/x-ndjson')
  @ApiBody({ description: 'One purchase (the POST /v1/purchases body) per line', schema: { type: 'string' } })
  @ApiOkResponse({ type: BulkImportResponseDto })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorResponseDto, description: 'The body is not application/x-ndjson' })
  async bulk(@Req() req: Request): Promise<BulkImportResponseDto> {
    const mediaType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const format = BULK_FORMATS[mediaType];
    if (!format) throw new AppError(ErrorCode.UnsupportedMediaType, 'Send the purchases as application/x-ndjson');
    // The stream is read as it comes: a compressed one would be rejected line by line as malformed.
    const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (encoding !== 'identity')
      throw new AppError(
        ErrorCode.UnsupportedMediaType,
        `Content-Encoding ${encoding.slice(0, 32)} is not accepted: send the purchases uncompressed`,
      );
    const report = await this.imports.importStream(idempotentBodyOf(req), { format });
    return {
      accepted: report.accepted,
      duplicates: report.duplicates,
      rejected: report.rejected,
      rejectedCount: report.rejectedCount,
      lines: report.lines,
    };
  }
}
