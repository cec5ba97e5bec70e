import { isValidAddressCode } from './districts';
import { isValidLocalDate, type LocalDate } from '../common/local-date';

/** GB 11643-1999: weights of the first 17 digits and the check character for each remainder mod 11. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

export type IdNumberProblem =
  | 'LENGTH'
  | 'FORMAT'
  | 'ADDRESS_CODE'
  | 'BIRTH_DATE'
  | 'FUTURE_BIRTH_DATE'
  | 'CHECK_DIGIT';

export interface ParsedIdNumber {
  idNumber: string;
  addressCode: string;
  birthDate: LocalDate;
  sex: 'MALE' | 'FEMALE';
}

export type IdNumberResult =
  | { ok: true; value: ParsedIdNumber }
  | { ok: false; problem: IdNumberProblem; message: string };

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARACTERS[sum % 11];
}

/**
 * Parses an 18-character resident ID number. A lower-case x is accepted and normalised, because
 * hand-typed numbers carry it often and it is unambiguous.
 * `today` bounds the birth date: nobody in a registry is born tomorrow.
 */
export function parseIdNumber(raw: string, today: LocalDate): IdNumberResult {
  const id = raw.trim().toUpperCase();
  if (id.length !== 18) {
    return { ok: false, problem: 'LENGTH', message: `an ID number has 18 characters, this one has ${id.length}` };
  }
  if (!/^\d{17}[\dX]$/.test(id)) {
    return { ok: false, problem: 'FORMAT', message: 'an ID number is 17 digits followed by a digit or X' };
  }
  const addressCode = id.slice(0, 6);
  if (!isValidAddressCode(addressCode)) {
    return { ok: false, problem: 'ADDRESS_CODE', message: `${addressCode} is not a known administrative division code` };
  }
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isValidLocalDate(birthDate) || birthDate < '1890-01-01') {
    return { ok: false, problem: 'BIRTH_DATE', message: `${id.slice(6, 14)} is not a valid birth date` };
  }
  if (birthDate > today) {
    return { ok: false, problem: 'FUTURE_BIRTH_DATE', message: `birth date ${birthDate} is after ${today}` };
  }
  const expected = checkCharacter(id);
  if (id[17] !== expected) {
    return { ok: false, problem: 'CHECK_DIGIT', message: `check character should be ${expected}, not ${id[17]}` };
  }
  return {
    ok: true,
    value: { idNumber: id, addressCode, birthDate, sex: Number(id[16]) % 2 === 1 ? 'MALE' : 'FEMALE' },
  };
}

/** Builds a valid ID number from its parts (used by the demo data generator and tests). */
export function composeIdNumber(addressCode: string, birthDate: LocalDate, sequence: number): string {
  const first17 = `${addressCode}${birthDate.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  if (!/^\d{17}$/.test(first17)) throw new Error(`cannot compose an ID number from ${addressCode}, ${birthDate}, ${sequence}`);
  return first17 + checkCharacter(first17);
}

/** The birth date inside an ID number the hub has already validated. */
export function birthDateOf(idNumber: string): LocalDate {
  return `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
}
