import type { LocalDate } from '../common/local-date';
import { PARAMETER_NAMES, type ParameterName } from './parameter-names';
import { ParameterStore, type ParameterInForce } from './parameter-store';

/*
 * What-if parameter values (issue 10 point 5, docs/coverage.md "What-if"): a policy number
 * overridden for one evaluation pass, never in the parameter files. A pass reads every parameter
 * on its own date only, so the override answers for that date; the store below answers it for
 * every date on or after the parameter's first effective date (before it the parameter did not
 * exist, and an override does not make it exist: the rules in force stay the same).
 */

export interface ParameterOverride {
  name: ParameterName;
  value: number;
}

/** Units whose values are whole numbers (ages, months): 17.5 years is a value of the wrong kind. */
const WHOLE_UNITS = /^(years|months)$/;

/** A wrong override: which one (its index in the list as given) and which part. */
export class ParameterOverrideError extends Error {
  constructor(
    readonly index: number,
    readonly part: 'name' | 'value',
    message: string,
  ) {
    super(message);
  }

  /** The argument path a client reads, e.g. `parameters[0].value`. */
  get field(): string {
    return `parameters[${this.index}].${this.part}`;
  }
}

const isParameterName = (name: string): name is ParameterName => (PARAMETER_NAMES as readonly string[]).includes(name);

/**
 * Checks overrides as a caller gave them and returns them sorted by name. A name must be one the
 * rules read (parameter-names.ts) and have a file; a value must be finite, not negative (as in a
 * parameter file) and whole for a parameter counted in years or months; a name given twice is wrong.
 */
export function checkOverrides(given: ReadonlyArray<{ name: string; value: number }>, store: ParameterStore): ParameterOverride[] {
  const seen = new Set<string>();
  const out: ParameterOverride[] = given.map(({ name, value }, index) => {
    if (!isParameterName(name) || !store.has(name)) {
      throw new ParameterOverrideError(index, 'name', `parameters[${index}].name: "${name}" is no policy parameter (see policyParameters for the names)`);
    }
    if (seen.has(name)) throw new ParameterOverrideError(index, 'name', `parameters[${index}].name: ${name} is given twice`);
    seen.add(name);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new ParameterOverrideError(index, 'value', `parameters[${index}].value: ${name} takes a finite number, not negative; not ${String(value)}`);
    }
    const { unit } = store.valueOn(name, '9999-12-31');
    if (WHOLE_UNITS.test(unit) && !Number.isInteger(value)) {
      throw new ParameterOverrideError(index, 'value', `parameters[${index}].value: ${name} is counted in whole ${unit}, not ${value}`);
    }
    return { name, value };
  });
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The form a run stores (coverage_run.overrides): JSON of the overrides sorted by name, so that the
 * same scenario always reads the same text; null for none (the run of the values in force).
 */
export function overridesKey(overrides: readonly ParameterOverride[]): string | null {
  if (overrides.length === 0) return null;
  const sorted = [...overrides].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return JSON.stringify(sorted.map(({ name, value }) => ({ name, value })));
}

export function overridesOfKey(key: string | null): ParameterOverride[] {
  return key == null ? [] : (JSON.parse(key) as ParameterOverride[]);
}

/** `--parameter` words of `hub evaluate` for these overrides. */
export function overridesAsArguments(overrides: readonly ParameterOverride[]): string {
  return overrides.map((o) => ` --parameter ${o.name}=${o.value}`).join('');
}

/**
 * A store that answers the overridden values, and the wrapped store's for every other parameter.
 * An overridden value keeps the title, unit and clause of its file; its reference says it is a
 * what-if, with the value in force.
 */
export class OverriddenParameterStore extends ParameterStore {
  private readonly values: ReadonlyMap<string, number>;

  constructor(
    private readonly base: ParameterStore,
    overrides: readonly ParameterOverride[],
  ) {
    super([]);
    this.values = new Map(overrides.map((o) => [o.name, o.value]));
  }

  override names(): string[] {
    return this.base.names();
  }

  override has(name: string): boolean {
    return this.base.has(name);
  }

  override valueOn(name: string, asOf: LocalDate): ParameterInForce {
    const inForce = this.base.valueOn(name, asOf);
    const value = this.values.get(name);
    if (value === undefined) return inForce;
    return {
      ...inForce,
      value,
      status: 'ASSUMPTION',
      reference: `what-if value (in force: ${inForce.value}, ${inForce.reference})`,
      note: `a what-if value for this evaluation only; the value in force is ${inForce.value}`,
    };
  }
}

/** The store of a pass: the store itself without overrides. */
export function withOverrides(store: ParameterStore, overrides: readonly ParameterOverride[]): ParameterStore {
  return overrides.length === 0 ? store : new OverriddenParameterStore(store, overrides);
}
