import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Idempotent } from '../../common/http/idempotency.interceptor.js';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { ApiIdempotent } from '../../common/openapi/api-idempotent.decorator.js';
import { PageQueryDto } from '../../common/http/pagination.js';
import { UuidParam } from '../../common/pipes/uuid-param.pipe.js';
import { Roles } from '../auth/access.decorator.js';
import { ApiStaff } from '../auth/api-access.decorator.js';
import { CurrentStaff } from '../auth/current-principal.decorator.js';
import { actorOf, StaffRole, type StaffPrincipal } from '../auth/domain/principal.js';
import { toConsentHistoryEntry } from '../consent/dto/consent.dto.js';
import { PrivacyExportResponseDto, toShopperDataResponse } from './dto/shopper-data.dto.js';
import {
  AuditEventsPageResponseDto,
  ConsentHistoryPageResponseDto,
  CustomerRefDto,
  ReidentifiedDto,
  ReidentifyDto,
  RetentionRunStartedDto,
} from './dto/privacy.dto.js';
import { ErasureAcceptedDto, ErasureRequestsPageResponseDto, ErasureStatusDto, toErasureStatus } from './dto/erasure.dto.js';
import { ErasureService } from './erasure.service.js';
import { PrivacyService } from './privacy.service.js';
import { RetentionScheduler } from './retention.processor.js';

@ApiTags('privacy')
@ApiStaff(StaffRole.Privacy)
@Controller('v1/privacy')
@Roles(StaffRole.Privacy)
export class PrivacyController {
  constructor(
    private readonly privacy: PrivacyService,
    private readonly erasure: ErasureService,
    private readonly retention: RetentionScheduler,
  ) {}

  /** Erasure of a customer (done by a job): 202 at once, then GET the request for its outcome. */
  @Post('erasure')
  @HttpCode(202)
  @Idempotent()
  @ApiOperation({
    summary: 'Erase a customer',
    description:
      'Done by a job: 202 at once, then GET /v1/privacy/erasure/{requestId} for its outcome. The customer id is in the body, never in the URL.',
  })
  @ApiIdempotent()
  @ApiAcceptedResponse({ type: ErasureAcceptedDto, description: 'The erasure is queued' })
  @ApiErrors(400, 413, 415)
  async erase(@Body() dto: CustomerRefDto, @CurrentStaff() staff: StaffPrincipal): Promise<ErasureAcceptedDto> {
    return { requestId: (await this.erasure.requestForCustomer(dto.customerId, actorOf(staff))).id };
  }

  /**
   * A retention run now (it also runs every RETENTION_RUN_EVERY_HOURS); its outcome lands in the
   * audit trail. An `Idempotency-Key` makes a retry answer the first run instead of starting another.
   */
  @Post('retention/run')
  @HttpCode(202)
  @Idempotent()
  @ApiOperation({
    summary: 'Run retention now',
    description: 'Also runs every RETENTION_RUN_EVERY_HOURS (24 h by default); its outcome lands in the audit trail.',
  })
  @ApiIdempotent()
  @ApiAcceptedResponse({ type: RetentionRunStartedDto, description: 'The run is started' })
  async runRetention(): Promise<RetentionRunStartedDto> {
    return { runId: await this.retention.runNow() };
  }

  @Get('erasure')
  @ApiOperation({
    summary: 'Erasure requests',
    description: 'Requests of customers and of shoppers (DELETE /v1/me) alike, newest first, paginated; never whom they are about.',
  })
  @ApiOkResponse({ type: ErasureRequestsPageResponseDto })
  @ApiErrors([400, 'Bad `limit` or `cursor`'])
  async erasureRequests(@Query() query: PageQueryDto): Promise<ErasureRequestsPageResponseDto> {
    const page = await this.erasure.list(query.limit, query.cursor);
    return { requests: page.items.map(toErasureStatus), nextCursor: page.nextCursor };
  }

  @Get('erasure/:requestId')
  @ApiOperation({
    summary: 'An erasure request and its outcome',
    description: 'Erasure requests of customers and of shoppers (DELETE /v1/me) alike.',
  })
  @ApiOkResponse({ type: ErasureStatusDto })
  @ApiErrors([400, '`requestId` is not a UUID'], 404)
  async erasureStatus(@Param('requestId', UuidParam) requestId: string): Promise<ErasureStatusDto> {
    return toErasureStatus(await this.erasure.find(requestId));
  }

  /** The append-only ledger of a customer's choices, newest first, paginated (`?limit=`, `?cursor=`; the customer id in the body). */
  @Post('consent-history')
  @HttpCode(200)
  @ApiOperation({
    summary: "A customer's consent history",
    description: 'The append-only ledger of their choices, newest first, paginated (`?limit=`, `?cursor=`); the customer id in the body.',
  })
  @ApiOkResponse({ type: ConsentHistoryPageResponseDto })
  @ApiErrors(400, [404, 'Unknown customer'], 413, 415)
  async consentHistory(@Body() dto: CustomerRefDto, @Query() query: PageQueryDto): Promise<ConsentHistoryPageResponseDto> {
    const page = await this.privacy.consentHistory(dto.customerId, query.limit, query.cursor);
    return { history: page.items.map(toConsentHistoryEntry), nextCursor: page.nextCursor };
  }

  /** Everything held about a customer, and the pseudonym it is kept under. Audited. */
  @Post('export')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Export everything held about a customer',
    description: 'The document of GET /v1/me/data, and the pseudonym it is kept under. Audited.',
  })
  @ApiOkResponse({ type: PrivacyExportResponseDto })
  @ApiErrors(400, [404, 'Unknown customer'], 413, 415)
  async export(@Body() dto: CustomerRefDto, @CurrentStaff() staff: StaffPrincipal): Promise<PrivacyExportResponseDto> {
    const { pseudonym, data } = await this.privacy.export(dto.customerId, actorOf(staff));
    return { pseudonym, ...toShopperDataResponse(data) };
  }

  /** The one endpoint that returns a raw customer id; every call is audited before the vault opens. */
  @Post('reidentify')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Re-identify a pseudonym',
    description: 'The one endpoint that returns a raw customer id; every call is audited, with its reason, before the vault opens.',
  })
  @ApiOkResponse({ type: ReidentifiedDto })
  @ApiErrors(400, [404, 'Unknown pseudonym'], 413, 415)
  async reidentify(@Body() dto: ReidentifyDto, @CurrentStaff() staff: StaffPrincipal): Promise<ReidentifiedDto> {
    return { customerId: await this.privacy.reidentify(dto.pseudonym, dto.reason, actorOf(staff)) };
  }

  @Get('audit')
  @ApiOperation({
    summary: 'The privacy audit trail',
    description: 'Re-identifications, erasures, exports, retention runs and key rotations; newest first, paginated.',
  })
  @ApiOkResponse({ type: AuditEventsPageResponseDto })
  @ApiErrors([400, 'Bad `limit` or `cursor`'])
  async audit(@Query() query: PageQueryDto): Promise<AuditEventsPageResponseDto> {
    const page = await this.privacy.auditTrail(query.limit, query.cursor);
    return { events: page.events.map((e) => ({ ...e, at: e.at.toISOString() })), nextCursor: page.nextCursor };
  }
}
