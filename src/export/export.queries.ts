import { RULES } from '../eligibility/rules';
import { csvLine } from './csv';

/** A list the hub exports: the GraphQL query run page by page, and how a node becomes a row. */
export interface ExportList {
  field: 'persons' | 'households';
  query: string;
  header: string;
  row(node: Record<string, any>, ruleId: string | null): string;
}

const programOf = (ruleId: string | null) => RULES.find((r) => r.id === ruleId)?.program ?? '';

export const PERSONS_EXPORT: ExportList = {
  field: 'persons',
  query: /* GraphQL */ `
    query ExportPersons($filter: PersonFilter, $first: Int, $after: String) {
      persons(filter: $filter, first: $first, after: $after) {
        pageInfo { hasNextPage endCursor }
        edges { node { idNumber name registeredDistrict residenceDistrict household { householdNumber } } }
      }
    }
  `,
  header: csvLine(['身份证号 ID number', '姓名 Name', '户籍区 Registered district', '居住区 Residence district', '规则 Rule', '救助项目 Program', '户号 Household number']),
  row: (n, ruleId) => csvLine([n.idNumber, n.name, n.registeredDistrict, n.residenceDistrict, ruleId, programOf(ruleId), n.household?.householdNumber]),
};

export const HOUSEHOLDS_EXPORT: ExportList = {
  field: 'households',
  query: /* GraphQL */ `
    query ExportHouseholds($filter: HouseholdGapFilter!, $first: Int, $after: String) {
      households(filter: $filter, first: $first, after: $after) {
        pageInfo { hasNextPage endCursor }
        edges { node { householdNumber registeredDistrict residenceDistrict } }
      }
    }
  `,
  header: csvLine(['户号 Household number', '户籍区 Registered district', '居住区 Residence district', '规则 Rule', '救助项目 Program']),
  row: (n, ruleId) => csvLine([n.householdNumber, n.registeredDistrict, n.residenceDistrict, ruleId, programOf(ruleId)]),
};
