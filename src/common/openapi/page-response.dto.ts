import { ApiProperty } from '@nestjs/swagger';

/** The cursor every page of a list answers with; each list's page class adds its items. */
export abstract class PageResponseDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass it as `?cursor=` for the next page; null on the last one',
    example: null,
  })
  nextCursor: string | null;
}
