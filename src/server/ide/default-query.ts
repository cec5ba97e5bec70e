/** What a developer sees first in the IDE: the joined person, across the three departments. */
export const DEFAULT_IDE_QUERY = `# The hub joins civil affairs, human resources and the disability federation on the ID number.
query FirstPersons {
  persons(first: 5, filter: { livesAwayFromRegistration: true }) {
    totalCount
    edges {
      node {
        idNumber name age registeredDistrict residenceDistrict
        household { householdNumber size }
        disabilityCertificates { certificateNumber categoryName grade }
        unemploymentRegistrations { registrationNumber startDate endDate }
        insuranceEnrollments { startDate endDate drawingBenefit }
        enrollments { program unit startDate endDate monthlyAmount }
        eligibility(ruleIds: ["tekun", "dibao.household"]) { ruleId outcome amount conditions { code outcome explanation } }
      }
    }
  }
}
`;
