import { TemporaryAssistancePaymentInput } from '../departments/civil-affairs/civil-affairs.inputs';
import { PaymentKind } from '../departments/civil-affairs/civil-affairs.enums';
import { isTianjinDistrict } from '../identity/districts';
import { addDays, isValidOn, type LocalDate } from '../common/local-date';
import { dateBetween, members, TARGET_STANDARD, type DraftContext, type DraftHousehold, type DraftPerson } from './model';
import { yuan } from './random';
import type { Population } from './records';

/*
 * Temporary assistance paid to unemployed people (clause 2). Most payments agree with human
 * resources' records; a few were paid while the person was still insured or before they
 * registered as unemployed, which the cross-check must find.
 */

const EMERGENCY_PAYMENT = 500;
/** The whole of a person's temporary assistance stays within three months of the standard. */
const TOTAL_CAP = TARGET_STANDARD * 3;

export function draftTemporaryAssistance(ctx: DraftContext, household: DraftHousehold, out: Population): void {
  const { rng, asOf } = ctx;
  if (household.economicClass !== 'ORDINARY') return; // people on dibao or low-income assistance get none
  for (const p of members(household)) {
    if (p.occupation !== 'UNEMPLOYED' || p.age < 18) continue;
    if (household.migrant && !(p.permitFrom && isValidOn(p.permitFrom, p.permitUntil, asOf))) continue;
    const registration = p.registrations.find((r) => isValidOn(r.start, r.end, asOf));
    const insured = p.insurance.some((e) => isValidOn(e.start, e.end, asOf));
    if (registration && !insured && rng.chance(0.18)) {
      let paidOn = dateBetween(
        rng,
        registration.start > addDays(asOf, -365) ? registration.start : addDays(asOf, -365),
        addDays(asOf, -1),
      );
      const lapsedInsurance = p.insurance.find((e) => e.end !== null && e.end > addDays(asOf, -700));
      if (rng.chance(0.12)) {
        paidOn = addDays(registration.start, -rng.int(10, 90)); // paid before the registration began
      } else if (lapsedInsurance?.end && rng.chance(0.5)) {
        const whileInsured = addDays(lapsedInsurance.end, -rng.int(1, 40));
        if (whileInsured >= lapsedInsurance.start) paidOn = whileInsured;
      }
      pay(ctx, household, p, paidOn, out);
    } else if (registration && insured && rng.chance(0.1)) {
      pay(ctx, household, p, dateBetween(rng, registration.start, addDays(asOf, -1)), out); // still insured when paid
    } else if (!registration && rng.chance(0.02)) {
      pay(ctx, household, p, addDays(asOf, -rng.int(10, 300)), out);
    }
  }
}

function pay(ctx: DraftContext, household: DraftHousehold, p: DraftPerson, paidOn: LocalDate, out: Population): void {
  const { rng, asOf, counters } = ctx;
  const district =
    household.residenceDistrict && isTianjinDistrict(household.residenceDistrict)
      ? household.residenceDistrict
      : household.registeredDistrict;
  const payment = (date: LocalDate, amount: number, kind: PaymentKind) =>
    Object.assign(new TemporaryAssistancePaymentInput(), {
      paymentNumber: counters.key(`TA${district}`),
      idNumber: p.idNumber,
      paidOn: date,
      amount,
      kind,
    });
  const payments = out.civilAffairs.temporaryAssistancePayments;
  payments.push(payment(paidOn, EMERGENCY_PAYMENT, PaymentKind.EMERGENCY));
  const later = addDays(paidOn, 15);
  if (later < asOf && rng.chance(0.35)) {
    payments.push(
      payment(
        dateBetween(rng, later, addDays(asOf, -1)),
        yuan(rng.real(300, TOTAL_CAP - EMERGENCY_PAYMENT)),
        PaymentKind.CONTINUED,
      ),
    );
  }
}
