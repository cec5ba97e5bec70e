import { P } from '../../policy/parameter-names';
import type { ParameterReader } from '../../policy/parameter-reader';
import type { SubjectFacts } from '../facts';
import { fen } from '../definitions/figures';

/** Single-person dibao pays S − the person's own monthly income, never below 0. */
export function singlePersonDibaoAmount(facts: SubjectFacts, params: ParameterReader): () => number {
  return () => Math.max(0, fen(params.get(P.dibaoStandard)) - fen(facts.membership?.monthlyIncome ?? 0));
}
