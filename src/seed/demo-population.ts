import { isValidLocalDate, type LocalDate } from '../common/local-date';
import { draftAssistance } from './assistance';
import { draftHealth } from './health';
import { draftHousehold } from './households';
import { draftHumanResources } from './human-resources';
import { draftIncomes } from './incomes';
import { Counters, IdRegistry, type DraftContext } from './model';
import { Rng } from './random';
import { appendPopulation, certificateInput, emptyPopulation, householdInput, personInput, type Population } from './records';
import { draftSupporterStatus } from './support';
import { draftTemporaryAssistance } from './temporary-assistance';

export type { Population } from './records';

export interface PopulationOptions {
  /** Households to generate; persons come to about 2.5 per household. */
  households: number;
  seed: number;
  /** The day the data describes: ages, validity periods and "the last 6 months" are counted from it. */
  asOf: LocalDate;
}

function checkOptions(options: PopulationOptions): void {
  if (!Number.isSafeInteger(options.households) || options.households < 0) {
    throw new RangeError(`households must be a whole number of 0 or more, not ${options.households}`);
  }
  if (!Number.isSafeInteger(options.seed) || options.seed < 0)
    throw new RangeError(`seed must be a whole number of 0 or more, not ${options.seed}`);
  if (!isValidLocalDate(options.asOf)) throw new RangeError(`asOf must be a date written YYYY-MM-DD, not ${options.asOf}`);
}

/**
 * The population in consecutive slices of `householdsPerChunk` households, for writing a large
 * set without holding it all. Each household draws from its own random stream and the registries
 * of ID and record numbers run through the slices in order, so the slices joined are exactly
 * `generatePopulation(options)`, whatever the slice size.
 */
export function* populationChunks(options: PopulationOptions, householdsPerChunk: number): Generator<Population> {
  checkOptions(options);
  if (!Number.isSafeInteger(householdsPerChunk) || householdsPerChunk < 1)
    throw new RangeError('householdsPerChunk must be 1 or more');
  const ids = new IdRegistry();
  const counters = new Counters();
  for (let first = 0; first < options.households; first += householdsPerChunk) {
    const part = emptyPopulation();
    const last = Math.min(options.households, first + householdsPerChunk);
    for (let index = first; index < last; index++) {
      generateHousehold({ rng: new Rng(options.seed, index), asOf: options.asOf, ids, counters }, part);
    }
    yield part;
  }
}

/** The deterministic demo population of Tianjin: the same options always give the same records. */
export function generatePopulation(options: PopulationOptions): Population {
  const whole = emptyPopulation();
  for (const part of populationChunks(options, Math.max(1, options.households))) appendPopulation(whole, part);
  return whole;
}

/**
 * One household and everything the departments hold on its people. The order of the steps
 * matters: incomes depend on disabilities, supporter status on incomes, payments on human
 * resources' records.
 */
function generateHousehold(ctx: DraftContext, out: Population): void {
  const household = draftHousehold(ctx);
  draftHealth(ctx, household);
  draftIncomes(ctx, household);
  draftSupporterStatus(ctx, household);
  draftHumanResources(ctx, household, out);
  draftAssistance(ctx, household, out);
  draftTemporaryAssistance(ctx, household, out);
  for (const person of household.persons) {
    out.civilAffairs.persons.push(personInput(person));
    for (const certificate of person.certificates) out.disability.certificates.push(certificateInput(person, certificate));
  }
  out.civilAffairs.households.push(householdInput(household));
}
