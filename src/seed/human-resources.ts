import { isTianjinDistrict } from '../identity/districts';
import {
  IncomeMonthInput,
  InsuranceEnrollmentInput,
  UnemploymentRegistrationInput,
} from '../departments/human-resources/human-resources.inputs';
import { addDays, addMonths, monthOf, type LocalDate } from '../common/local-date';
import { addressCodeFor, pickDistrict } from './geography';
import {
  birthDateForAge,
  dateBetween,
  newPerson,
  type DraftContext,
  type DraftHousehold,
  type DraftPerson,
  type Sex,
} from './model';
import { misspelled, personName, surname } from './names';
import { yuan, type Rng } from './random';
import type { Population } from './records';

/*
 * Human resources' view of the same people: unemployment registrations, unemployment insurance and
 * the income seen each month. It also knows a few people civil affairs has not sent yet, and spells
 * a few names differently.
 */

const INCOME_MONTHS = 6;
const PHANTOM_PER_HOUSEHOLD = 0.0125;
const MISSPELLED = 0.015;

function history(ctx: DraftContext, p: DraftPerson, poor: boolean): void {
  const { rng, asOf } = ctx;
  const adult = addMonths(p.birthDate, 18 * 12);
  const workFrom = adult > addMonths(asOf, -180) ? adult : addMonths(asOf, -180);
  if (workFrom >= addDays(asOf, -60)) return;
  const insure = (start: LocalDate, end: LocalDate | null, drawingBenefit = false) =>
    p.insurance.push({ start, end, drawingBenefit });
  switch (p.occupation) {
    case 'EMPLOYED': {
      if (rng.chance(0.55)) {
        const start = dateBetween(rng, workFrom, addDays(asOf, -30));
        if (start > addDays(workFrom, 400) && rng.chance(0.15)) {
          const earlier = dateBetween(rng, workFrom, addDays(start, -200));
          insure(earlier, dateBetween(rng, addDays(earlier, 30), addDays(start, -1)));
        }
        insure(start, null);
      }
      if (workFrom < addDays(asOf, -200) && rng.chance(0.015)) {
        // Unemployed for a while in the past, registered, then found work.
        const start = dateBetween(rng, workFrom > addDays(asOf, -1000) ? workFrom : addDays(asOf, -1000), addDays(asOf, -200));
        p.registrations.push({ start, end: addDays(start, rng.int(30, 180)) });
      }
      return;
    }
    case 'UNEMPLOYED': {
      const lost = p.jobLostMonthsAgo < 999 ? addDays(addMonths(asOf, -p.jobLostMonthsAgo), -rng.int(0, 27)) : null;
      if (lost && lost > addDays(workFrom, 200) && rng.chance(0.6)) {
        const start = dateBetween(rng, workFrom, addDays(lost, -200));
        const drawing = p.jobLostMonthsAgo <= 24 && rng.chance(poor ? 0.5 : 0.2);
        insure(start, drawing ? null : lost, drawing);
      }
      if (rng.chance(poor ? 0.42 : 0.5)) {
        const from = lost && lost > workFrom ? lost : addDays(asOf, -700) > workFrom ? addDays(asOf, -700) : workFrom;
        const start = dateBetween(rng, from, addDays(asOf, -5));
        const ended = start < addDays(asOf, -60) && rng.chance(0.15);
        p.registrations.push({ start, end: ended ? dateBetween(rng, addDays(start, 30), addDays(asOf, -1)) : null });
      }
      return;
    }
    default: {
      // Retired early, left work or went away: insurance that ended.
      if (p.occupation !== 'STUDENT' && workFrom < addDays(asOf, -400) && rng.chance(p.occupation === 'RETIRED' ? 0.5 : 0.15)) {
        const end = dateBetween(rng, addDays(workFrom, 200), addDays(asOf, -30));
        insure(dateBetween(rng, workFrom, addDays(end, -180)), end);
      }
    }
  }
}

function monthlyIncomes(rng: Rng, p: DraftPerson, asOf: LocalDate): number[] {
  return Array.from({ length: INCOME_MONTHS }, (_, i) => {
    const monthsAgo = INCOME_MONTHS - i;
    if (p.occupation === 'EMPLOYED') {
      if (rng.chance(0.04)) return 0;
      const base = p.monthlyIncome > 0 ? p.monthlyIncome : 3000;
      return yuan(base * rng.real(0.92, 1.08));
    }
    if (p.occupation === 'UNEMPLOYED' && monthsAgo > p.jobLostMonthsAgo) return yuan(rng.real(2500, 6000));
    return 0;
  });
}

function registrationDistrict(rng: Rng, p: DraftPerson): string {
  if (p.residenceDistrict && isTianjinDistrict(p.residenceDistrict)) return p.residenceDistrict;
  return isTianjinDistrict(p.registeredDistrict) ? p.registeredDistrict : pickDistrict(rng);
}

function emit(ctx: DraftContext, p: DraftPerson, out: Population): void {
  const { rng, asOf, counters } = ctx;
  if (p.registrations.length === 0 && p.insurance.length === 0) return;
  const hr = out.humanResources;
  for (const r of p.registrations) {
    const district = registrationDistrict(rng, p);
    hr.unemploymentRegistrations.push(
      Object.assign(new UnemploymentRegistrationInput(), {
        registrationNumber: counters.key(`UR${district}`, 7),
        idNumber: p.idNumber,
        name: p.hrName,
        district,
        startDate: r.start,
        endDate: r.end,
      }),
    );
  }
  for (const e of p.insurance) {
    hr.insuranceEnrollments.push(
      Object.assign(new InsuranceEnrollmentInput(), {
        idNumber: p.idNumber,
        name: p.hrName,
        startDate: e.start,
        endDate: e.end,
        drawingBenefit: e.drawingBenefit,
      }),
    );
  }
  monthlyIncomes(rng, p, asOf).forEach((amount, i) => {
    hr.incomeMonths.push(
      Object.assign(new IncomeMonthInput(), { idNumber: p.idNumber, month: monthOf(asOf, i - INCOME_MONTHS), amount }),
    );
  });
}

export function draftHumanResources(ctx: DraftContext, household: DraftHousehold, out: Population): void {
  const { rng } = ctx;
  const poor = household.economicClass !== 'ORDINARY';
  for (const p of household.persons) {
    if (p.occupation === 'DECEASED' || p.age < 18 || p.age >= 60) continue;
    history(ctx, p, poor);
  }
  for (const p of household.persons) {
    const known = p.registrations.length > 0 || p.insurance.length > 0;
    if ((known || p.certificates.length > 0) && rng.chance(MISSPELLED)) {
      if (p.certificates.length > 0 && (!known || rng.chance(0.5))) p.disabilityName = misspelled(rng, p.name);
      else p.hrName = misspelled(rng, p.name);
    }
    emit(ctx, p, out);
  }
  if (rng.chance(PHANTOM_PER_HOUSEHOLD)) emit(ctx, phantom(ctx, household), out);
}

/** Someone human resources knows whom civil affairs has not sent yet: their records arrive first. */
function phantom(ctx: DraftContext, household: DraftHousehold): DraftPerson {
  const { rng, asOf } = ctx;
  const sex: Sex = rng.chance(0.5) ? 'MALE' : 'FEMALE';
  const age = rng.int(20, 55);
  const birthDate = birthDateForAge(rng, asOf, age);
  const district = isTianjinDistrict(household.registeredDistrict) ? household.registeredDistrict : pickDistrict(rng);
  const person = newPerson({
    idNumber: ctx.ids.allocate(rng, addressCodeFor(rng, district, Number(birthDate.slice(0, 4))), birthDate, sex),
    name: personName(rng, surname(rng), sex, Number(birthDate.slice(0, 4))),
    sex,
    birthDate,
    age,
    registeredDistrict: district,
    residenceDistrict: null,
    relation: null,
  });
  person.occupation = rng.chance(0.7) ? 'EMPLOYED' : 'UNEMPLOYED';
  person.jobLostMonthsAgo = rng.int(1, 12);
  person.monthlyIncome = rng.int(3000, 8000);
  while (person.registrations.length === 0 && person.insurance.length === 0) history(ctx, person, false);
  return person;
}
