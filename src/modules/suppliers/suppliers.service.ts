import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor, type Page, pageOf } from '../../common/http/pagination.js';
import { type Supplier, SuppliersRepository } from './suppliers.repository.js';

@Injectable()
export class SuppliersService {
  constructor(private readonly repository: SuppliersRepository) {}

  create(name: string): Promise<Supplier> {
    return this.repository.create(randomUUID(), name);
  }

  find(id: string): Promise<Supplier | undefined> {
    return this.repository.find(id);
  }

  async list(limit: number, cursor?: string): Promise<Page<Supplier>> {
    const rows = await this.repository.list(limit + 1, decodeCursor(cursor));
    return pageOf(rows, limit, (s) => encodeCursor(s.createdAt, s.id));
  }
}
