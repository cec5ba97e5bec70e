import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPool, type Pool, type RowDataPacket } from 'mysql2/promise';

/*
 * The baseline of the read benchmark: a minimal HTTP handler on mysql2 alone that answers the
 * benchmark's operations (PersonPage, PersonCount, PersonLookup) with the same rows and the same JSON as
 * the hub (read-paths.bench.ts checks that the answers are equal). No GraphQL, no ORM, no
 * authentication, no audit: what is left between the two is the hub's own cost.
 *
 * Its statements are the hub's, batch for batch: the page, then the page's memberships,
 * certificates, registrations, insurance and own enrollments together, then the households and
 * their enrollments together.
 */

const CURSOR_KEY = randomBytes(32);

function encodeCursor(id: string, iv: Buffer): string {
  const cipher = createCipheriv('aes-256-gcm', CURSOR_KEY, iv);
  const body = Buffer.concat([cipher.update(id, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

function decodeCursor(cursor: string): string {
  const raw = Buffer.from(cursor, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', CURSOR_KEY, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

type Row = RowDataPacket & Record<string, any>;

const PERSON = 'idNumber, name, sex, birthDate, registeredDistrict, residenceDistrict, fatherIdNumber, motherIdNumber';

class RawReader {
  statements = 0;
  constructor(private readonly pool: Pool) {}

  async rows(sql: string, params: unknown[]): Promise<Row[]> {
    this.statements += 1;
    const [rows] = await this.pool.query<Row[]>(sql, params);
    return rows;
  }

  byKey(rows: Row[], key: string): Map<string, Row[]> {
    const map = new Map<string, Row[]>();
    for (const row of rows) {
      const list = map.get(row[key]);
      if (list) list.push(row);
      else map.set(row[key], [row]);
    }
    return map;
  }

  /** The department fields of these persons, as the hub's resolvers return them. */
  async nodes(persons: Row[], withAll: boolean): Promise<object[]> {
    if (persons.length === 0) return [];
    const ids = persons.map((p) => p.idNumber);
    const [memberships, certificates, registrations, insurance, ownEnrollments] = await Promise.all([
      this.rows('SELECT idNumber, householdNumber FROM ca_household_member WHERE idNumber IN (?)', [ids]),
      this.rows('SELECT certificateNumber, idNumber, category, grade, issuedOn, validUntil, revokedOn FROM dis_certificate WHERE idNumber IN (?) ORDER BY issuedOn ASC', [ids]),
      withAll ? this.rows('SELECT registrationNumber, idNumber, district, startDate, endDate FROM hr_unemployment_registration WHERE idNumber IN (?) ORDER BY startDate ASC', [ids]) : [],
      withAll ? this.rows('SELECT idNumber, startDate, endDate, drawingBenefit FROM hr_insurance_enrollment WHERE idNumber IN (?) ORDER BY startDate ASC', [ids]) : [],
      withAll ? this.rows('SELECT enrollmentNumber, idNumber, householdNumber, program, unit, startDate, endDate, monthlyAmount FROM ca_assistance_enrollment WHERE idNumber IN (?) ORDER BY startDate ASC', [ids]) : [],
    ]);
    const householdOf = new Map(memberships.map((m) => [m.idNumber, m.householdNumber as string]));
    const numbers = [...new Set(householdOf.values())];
    const [households, householdEnrollments] = numbers.length
      ? await Promise.all([
          this.rows('SELECT householdNumber, registeredDistrict, residenceDistrict FROM ca_household WHERE householdNumber IN (?)', [numbers]),
          withAll ? this.rows('SELECT enrollmentNumber, idNumber, householdNumber, program, unit, startDate, endDate, monthlyAmount FROM ca_assistance_enrollment WHERE householdNumber IN (?) ORDER BY startDate ASC', [numbers]) : [],
        ])
      : [[], []];
    const household = new Map(households.map((h) => [h.householdNumber, { householdNumber: h.householdNumber, registeredDistrict: h.registeredDistrict, residenceDistrict: h.residenceDistrict }]));
    const certs = this.byKey(certificates, 'idNumber');
    const regs = this.byKey(registrations, 'idNumber');
    const ins = this.byKey(insurance, 'idNumber');
    const own = this.byKey(ownEnrollments, 'idNumber');
    const ofHousehold = this.byKey(householdEnrollments, 'householdNumber');
    const enrollment = (e: Row) => ({ enrollmentNumber: e.enrollmentNumber, program: e.program, unit: e.unit, startDate: e.startDate, endDate: e.endDate, monthlyAmount: Number(e.monthlyAmount) });
    return persons.map((p) => {
      const number = householdOf.get(p.idNumber);
      const node: Record<string, unknown> = {
        idNumber: p.idNumber,
        name: p.name,
        sex: p.sex,
        birthDate: p.birthDate,
        registeredDistrict: p.registeredDistrict,
        residenceDistrict: p.residenceDistrict,
        household: (number && household.get(number)) ?? null,
        disabilityCertificates: (certs.get(p.idNumber) ?? []).map((c) => ({ certificateNumber: c.certificateNumber, category: c.category, grade: c.grade, issuedOn: c.issuedOn, validUntil: c.validUntil, revokedOn: c.revokedOn })),
      };
      if (!withAll) return node;
      node.fatherIdNumber = p.fatherIdNumber;
      node.motherIdNumber = p.motherIdNumber;
      node.livesAwayFromRegistration = p.residenceDistrict != null && p.residenceDistrict !== p.registeredDistrict;
      node.unemploymentRegistrations = (regs.get(p.idNumber) ?? []).map((r) => ({ registrationNumber: r.registrationNumber, district: r.district, startDate: r.startDate, endDate: r.endDate }));
      node.insuranceEnrollments = (ins.get(p.idNumber) ?? []).map((i) => ({ startDate: i.startDate, endDate: i.endDate, drawingBenefit: Boolean(i.drawingBenefit) }));
      node.enrollments = [...(own.get(p.idNumber) ?? []), ...(number ? ofHousehold.get(number) ?? [] : [])]
        .sort((a, b) => String(a.startDate).localeCompare(String(b.startDate)))
        .map(enrollment);
      return node;
    });
  }

  async page(first: number, after: string | null): Promise<object> {
    const rows = await this.rows(
      `SELECT ${PERSON} FROM ca_person ${after ? 'WHERE idNumber > ?' : ''} ORDER BY idNumber ASC LIMIT ?`,
      after ? [decodeCursor(after), first + 1] : [first + 1],
    );
    const page = rows.slice(0, first);
    const nodes = await this.nodes(page, true);
    // The page's IVs drawn at once, as the hub does.
    const ivs = randomBytes(12 * page.length);
    const edges = nodes.map((node, i) => ({ cursor: encodeCursor(page[i].idNumber, ivs.subarray(12 * i, 12 * i + 12)), node }));
    return { persons: { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.length ? edges[edges.length - 1].cursor : null } } };
  }

  /** The first persons' numbers and how many there are in all: what `totalCount` costs. */
  async counted(first: number): Promise<object> {
    const [rows, [count]] = await Promise.all([
      this.rows('SELECT idNumber FROM ca_person ORDER BY idNumber ASC LIMIT ?', [first]),
      this.rows('SELECT COUNT(*) AS n FROM ca_person', []),
    ]);
    return { persons: { totalCount: Number(count.n), edges: rows.map((r) => ({ node: { idNumber: r.idNumber } })) } };
  }

  async lookup(idNumber: string): Promise<object> {
    const rows = await this.rows(`SELECT ${PERSON} FROM ca_person WHERE idNumber = ?`, [idNumber]);
    const [node] = await this.nodes(rows, false);
    return { person: node ?? null };
  }
}

function body(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks).toString('utf8'))).on('error', reject);
  });
}

/** Serves on a free loopback port; resolves to its URL and a stop function. */
export async function startRawPersonServer(databaseUrl: string, connections: number): Promise<{ url: string; stop: () => Promise<void> }> {
  const pool = createPool({ uri: databaseUrl, connectionLimit: connections, dateStrings: true, supportBigNumbers: true });
  const server = createServer((request, response) => {
    void (async () => {
      const reader = new RawReader(pool);
      try {
        const { operationName, variables } = JSON.parse(await body(request)) as { operationName: string; variables: Record<string, any> };
        const data =
          operationName === 'PersonPage'
            ? await reader.page(variables.first, variables.after ?? null)
            : operationName === 'PersonCount'
              ? await reader.counted(variables.first)
              : await reader.lookup(variables.idNumber);
        const json = JSON.stringify({ data, extensions: { sqlStatements: reader.statements } });
        response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
        response.end(json);
      } catch (error) {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ errors: [{ message: (error as Error).message }] }));
      }
    })();
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
    },
  };
}
