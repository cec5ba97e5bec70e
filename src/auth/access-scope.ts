import type { SelectQueryBuilder } from 'typeorm';
import type { Caller } from './caller';

interface Districts {
  registeredDistrict: string | null;
  residenceDistrict: string | null;
}

/**
 * Which personal records a caller may see or send. A district officer sees persons and households
 * registered or living in their district; everyone else's are absent, never an error that would
 * tell them the record exists. Which operations a role may call at all is the auth checker's.
 */
export class AccessScope {
  constructor(readonly caller: Caller | null) {}

  /** Analysts receive personal records masked. */
  get masked(): boolean {
    return this.caller?.role === 'analyst';
  }

  /** Admins and analysts see every district's records. */
  get unrestricted(): boolean {
    return this.caller?.role === 'admin' || this.caller?.role === 'analyst';
  }

  private district(): string | null {
    return this.caller?.role === 'district' ? this.caller.district : null;
  }

  /** Whether records of these districts are this caller's to see. */
  covers(record: Districts): boolean {
    if (this.unrestricted) return true;
    const own = this.district();
    return own != null && (record.registeredDistrict === own || record.residenceDistrict === own);
  }

  /** The same rule in SQL, for lists: a district's query never reads another district's rows. */
  limit<T extends object>(qb: SelectQueryBuilder<T>, alias: string): void {
    if (this.unrestricted) return;
    const own = this.district();
    if (own == null) {
      qb.andWhere('1 = 0');
      return;
    }
    qb.andWhere(`(${alias}.registeredDistrict = :scopeDistrict OR ${alias}.residenceDistrict = :scopeDistrict)`, { scopeDistrict: own });
  }
}
