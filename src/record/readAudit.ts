import type { Prisma, PrismaClient } from '../generated/prisma/client';

type AuditRow = Prisma.AuditEventCreateManyInput;

/**
 * Read-audit rows of one GraphQL request, written together (issue 18 goal 2). A read used to commit its
 * audit row on its own, so a pupil with their timeline cost two more commits than its reads; now the rows wait
 * here and `flush` writes them in one INSERT before the response leaves (src/http/readAuditPlugin.ts), so
 * none is lost: if the INSERT fails, the caller gets an error instead of the data.
 *
 * Writes are untouched: a use case's audit row goes through its transaction client, which is not this one.
 */
export class ReadAuditBuffer {
  private rows: AuditRow[] = [];

  constructor(private readonly prisma: PrismaClient) {}

  add(row: AuditRow): void {
    // The time of the read, not of the flush a few milliseconds later.
    this.rows.push({ ...row, at: row.at ?? new Date() });
  }

  /** Writes what is waiting, in one statement; rows added meanwhile wait for the next flush. */
  async flush(): Promise<number> {
    const rows = this.rows;
    if (rows.length === 0) return 0;
    this.rows = [];
    await this.prisma.auditEvent.createMany({ data: rows });
    return rows.length;
  }
}

const bind = <T extends object>(target: T, key: string | symbol): unknown => {
  const v: unknown = Reflect.get(target, key, target);
  return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
};

/**
 * The request's view of the client: the same client, except that `auditEvent.create` on it (what
 * src/record/audit.ts calls for a read) adds to the buffer. Transactions it opens hand out their own
 * client, whose audit rows commit with the write as before.
 */
export function bufferingReadAudit(prisma: PrismaClient, buffer: ReadAuditBuffer): PrismaClient {
  const auditEvent = new Proxy(prisma.auditEvent, {
    get: (target, key) =>
      key === 'create'
        ? (args: { data: AuditRow }) => {
            buffer.add(args.data);
            return Promise.resolve();
          }
        : bind(target, key),
  });
  return new Proxy(prisma, { get: (target, key) => (key === 'auditEvent' ? auditEvent : bind(target, key)) });
}
