import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Idempotent } from '../../common/http/idempotency.interceptor.js';
import { PageQueryDto } from '../../common/http/pagination.js';
import { UuidParam } from '../../common/pipes/uuid-param.pipe.js';
import { Roles } from '../auth/access.decorator.js';
import { CurrentStaff } from '../auth/current-principal.decorator.js';
import { actorOf, StaffRole, type StaffPrincipal } from '../auth/domain/principal.js';
import { type ConsentHistoryEntryDto, toConsentHistoryEntry } from '../consent/dto/consent.dto.js';
import { toShopperDataResponse } from './dto/shopper-data.dto.js';
import { type AuditEventResponseDto, CustomerRefDto, ReidentifyDto } from './dto/privacy.dto.js';
import { type ErasureAcceptedDto, type ErasureStatusDto, toErasureStatus } from './dto/erasure.dto.js';
import { ErasureService } from './erasure.service.js';
import { PrivacyService } from './privacy.service.js';
import { RetentionScheduler } from './retention.processor.js';

@ApiTags('privacy')
@ApiSecurity('apiKey')
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
  async runRetention(): Promise<{ runId: string }> {
    return { runId: await this.retention.runNow() };
  }

  @Get('erasure/:requestId')
  async erasureStatus(@Param('requestId', UuidParam) requestId: string): Promise<ErasureStatusDto> {
    return toErasureStatus(await this.erasure.find(requestId));
  }

  /** The append-only ledger of a customer's choices, newest first, paginated (`?limit=`, `?cursor=`; the customer id in the body). */
  @Post('consent-history')
  @HttpCode(200)
  async consentHistory(@Body() dto: CustomerRefDto, @Query() query: PageQueryDto): Promise<{ history: ConsentHistoryEntryDto[]; nextCursor: string | null }> {
    const page = await this.privacy.consentHistory(dto.customerId, query.limit, query.cursor);
    return { history: page.items.map(toConsentHistoryEntry), nextCursor: page.nextCursor };
  }

  /** Everything held about a customer, and the pseudonym it is kept under. Audited. */
  @Post('export')
  @HttpCode(200)
  async export(@Body() dto: CustomerRefDto, @CurrentStaff() staff: StaffPrincipal): Promise<Record<string, unknown>> {
    const { pseudonym, data } = await this.privacy.export(dto.customerId, actorOf(staff));
    return { pseudonym, ...toShopperDataResponse(data) };
  }

  /** The one endpoint that returns a raw customer id; every call is audited before the vault opens. */
  @Post('reidentify')
  @HttpCode(200)
  async reidentify(@Body() dto: ReidentifyDto, @CurrentStaff() staff: StaffPrincipal): Promise<{ customerId: string }> {
    return { customerId: await this.privacy.reidentify(dto.pseudonym, dto.reason, actorOf(staff)) };
  }

  @Get('audit')
  async audit(@Query() query: PageQueryDto): Promise<{ events: AuditEventResponseDto[]; nextCursor: string | null }> {
    const page = await this.privacy.auditTrail(query.limit, query.cursor);
    return { events: page.events.map((e) => ({ ...e, at: e.at.toISOString() })), nextCursor: page.nextCursor };
  }
}
