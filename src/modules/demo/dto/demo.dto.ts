import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { PageResponseDto } from '../../../common/openapi/page-response.dto.js';
import type { DemoShopper } from '../domain/demo-world.js';

export class DemoShopperResponseDto {
  @ApiProperty({ example: 'shopper-0001', description: 'What to pass to POST /v1/demo/sessions; never the customer id' })
  handle: string;

  @ApiProperty({ example: 'Amara', description: 'A display first name' })
  name: string;

  @ApiProperty({
    example: 'Family of four: one big shop a week; never without Potatoes 2.5 kg, Gala Apples 6 pack and Baby Spinach 200 g.',
  })
  persona: string;

  @ApiProperty({
    example: 'family',
    description: 'The kind of household: family, baby, student, retired, professional, vegetarian, dog, cat, coffee, fitness',
  })
  kind: string;

  @ApiProperty({ example: 7, description: 'Days between two of their trips, about' })
  tripDays: number;
}

/** `GET /v1/demo/shoppers`: the few dozen demo shoppers worth playing, in one page. */
export class DemoShoppersResponseDto extends PageResponseDto {
  @ApiProperty({ type: [DemoShopperResponseDto] }) shoppers: DemoShopperResponseDto[];
}

export function toDemoShopperResponse(s: DemoShopper): DemoShopperResponseDto {
  return { handle: s.handle, name: s.name, persona: s.persona, kind: s.personaKey, tripDays: s.tripDays };
}

export class CreateDemoSessionDto {
  @ApiProperty({ example: 'shopper-0001', pattern: '^shopper-\\d{4}$' })
  @IsString()
  @Matches(/^shopper-\d{4}$/, { message: 'handle must look like shopper-0042' })
  handle: string;
}

export class DemoSessionResponseDto {
  @ApiProperty({
    description: "A shopper JWT for the demo shopper (HS256, SHOPPER_JWT_SECRET): REST's Bearer and the socket's auth.token",
    example: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZW1vLXNob3BwZXItMDAwMSIsImlhdCI6MTc5NjYyMzE3MiwiZXhwIjoxNzk2NjY2MzcyfQ.c2lnbmF0dXJl',
  })
  token: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-07T18:00:00.000Z' })
  expiresAt: string;
}
