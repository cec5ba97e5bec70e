import type { RuleCase } from '../../fixtures/case-world';
import type { CaseSuite } from './case-facts';

/*
 * Which rule cases also run end to end on both databases (test/cases/README.md, "End to end").
 * Every case runs against the pure rules in memory; the database path needs only a sample that
 * reaches each outcome of each rule and the records the databases treat specially. Chosen from
 * the cases themselves, so a new outcome or a new unsent person joins the sample without a mark.
 */

/** A person named by ID number (a parent, usually) whom civil affairs never sent. */
export const namesUnsentPerson = (c: RuleCase): boolean => Object.values(c.persons).some((p) => p.civilAffairs === false);

/** The first case of each outcome a rule's cases reach, plus every case naming an unsent person. */
export function endToEndCases(suite: CaseSuite): RuleCase[] {
  const outcomes = new Set<string>();
  return suite.cases.filter((c) => {
    const firstOfOutcome = !outcomes.has(c.expect.outcome);
    outcomes.add(c.expect.outcome);
    return firstOfOutcome || namesUnsentPerson(c);
  });
}
