import { Injectable } from '@nestjs/common';
import { afterCursor, type KeysetCursor } from '../../common/http/pagination.js';
import { PrismaService } from '../../infra/database/prisma.service.js';

export interface Supplier {
  id: string;
  name: string;
  createdAt: Date;
}

@Injectable()
export class SuppliersRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(id: string, name: string): Promise<Supplier> {
    return this.prisma.supplier.create({ data: { id, name }, select: { id: true, name: true, createdAt: true } });
  }

  async find(id: string): Promise<Supplier | undefined> {
    return (await this.prisma.supplier.findUnique({ where: { id }, select: { id: true, name: true, createdAt: true } })) ?? undefined;
  }

  async list(limit: number, cursor?: KeysetCursor): Promise<Supplier[]> {
    return this.prisma.supplier.findMany({
      where: afterCursor(cursor),
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
      select: { id: true, name: true, createdAt: true },
    });
  }
}
