/*
 * The English catalogue: every sentence an eligibility decision can say, by message id. `{name}`
 * is filled from the message's arguments; zh.ts must have the same ids and placeholders (a unit
 * test checks both).
 */
export const en = {
  'join.list': ', ',
  'join.clauses': '; ',

  'word.below': 'below',
  'word.not-below': 'not below',
  'word.within': 'within',
  'word.outside': 'outside',

  'program.DIBAO': 'DIBAO',
  'program.LOW_INCOME': 'LOW_INCOME',
  'unit.HOUSEHOLD': 'household',
  'unit.SINGLE_PERSON': 'single-person',
  'disability.intellectual': 'intellectual',
  'disability.mental': 'mental',
  'situation.IMPRISONED': 'imprisoned',
  'situation.COMPULSORY_REHABILITATION': 'compulsory rehabilitation',
  'situation.OUT_OF_CONTACT': 'out of contact',

  'missing.household-record': 'household record (civil affairs)',
  'missing.economic-check': 'economic check of household {household}',
  'missing.father-id': "father's ID number (civil affairs)",
  'missing.mother-id': "mother's ID number (civil affairs)",
  'missing.own-income': 'own income (household record, civil affairs)',
  'missing.supporter-status': 'supporter status (civil affairs)',
  'missing.hr-record': 'any human-resources record of the person',
  'missing.special-circumstance': 'special circumstance not held by the hub (caseworker to assess)',
  'missing.withheld': "records held outside the caller's district",

  'withheld.explanation': "Decided with records held outside the caller's district; the outcome stands, the figures and records behind it are withheld.",

  'household.none': 'The person is listed in no household record, so the household test cannot be made.',
  'check.none': 'Household {household} has no economic check dated on or before {asOf}.',

  'property.no-household': 'The person is listed in no household, so there is no economic check to test.',
  'property.money-exceeds': 'money assets {money} exceed {limit}',
  'property.other-vehicle': 'owns a vehicle other than a disability vehicle',
  'property.homes': 'owns {homes} homes',
  'property.non-residential': 'owns non-residential property',
  'property.failed': 'Economic check of {checkedOn}: {failures}.',
  'property.within':
    'Economic check of {checkedOn}: money assets {money} within {limit} ({months} × S × n = {months} × {standard} × {members}), no vehicle but a disability vehicle, {homes} home(s), no non-residential property.',

  'reason.disability': 'disability category {category} grade {grade}',
  'reason.illness': 'serious illness, tier {tier}',
  'reason.deceased': 'deceased since {since}',
  'reason.declared-missing': 'declared missing since {since}',
  'reason.restricted': '{kind} since {since} ({months}+ months)',
  'reason.restricted-recent': '{kind} only since {since}, under {months} months',
  'reason.no-inability': 'no record of inability',

  'deduction.own-dibao': '{person}: no deduction, a single-person dibao case ({reason} not deducted)',
  'deduction.applied': '{person}: −{amount} for {reason}',
  'deductions.listed': '. Deductions: {lines}.',
  'deductions.none': '.',

  'dibao.income': 'Assessed income {assessed} (income {income} − deductions {deductions}) is {below} S × n = {standard} × {members} = {threshold}{deductionList}',

  'low-income.band': 'Assessed income {assessed} is {within} the band from S × n = {lower} up to {multiplier} × S × n = {upper} (exclusive){deductionList}',
  'special.certificate': 'Member {person} holds a valid disability certificate (category {category}, grade {grade}).',
  'special.illness': 'Member {person} holds a valid serious-illness certification (tier {tier}).',
  'special.elderly': 'All {count} members are {elderly} or older (ages {ages}).',
  'special.unknown':
    'No member holds a disability certificate or serious-illness certification, and not all members are {elderly}+; other qualifying circumstances (e.g. a single parent with a child in school) are not held by the hub.',

  'low-income-enrollment.valid': 'Household {household} has a valid low-income enrollment ({enrollment}).',
  'low-income-enrollment.none': 'Household {household} has no low-income enrollment valid on {asOf}.',
  'low-income-enrollment.no-household': 'The person is listed in no household, so no household enrollment can cover them.',
  'severe.certificate': 'Valid disability certificate of grade {grade} (category {category}): severe disability.',
  'severe.illness': 'Valid serious-illness certification in the {tier} tier.',
  'severe.none': 'No disability certificate of grade 1–2 and no serious-illness certification of tier 1000 or 1500 valid on {asOf}.',

  'parent.father': 'Father',
  'parent.mother': 'mother',
  'parent.not-identified': '{parent}: not identified',
  'parent.assessed': '{parent} {idNumber}: {status} ({reason})',
  'parent.aged': '{parent} {idNumber}: aged {age}',
  'parent.deceased': '{parent} {idNumber}: deceased since {since}',
  'parent-status.ABLE': 'able',
  'parent-status.UNABLE': 'unable',
  'parent-status.DECEASED': 'deceased',
  'parent-status.MISSING': 'missing',

  'minor.age.under': 'Age {age} on {asOf} is under {limit}.',
  'minor.age.not-under': 'Age {age} on {asOf} is not under {limit}.',
  'unsupported.parents': '{father}; {mother}. {verdict}',
  'unsupported.orphan': 'Both parents are deceased: an orphan case, not a de facto unsupported child.',
  'unsupported.met': 'Neither parent can support the child.',
  'unsupported.not-met': 'A parent is able to support the child, or the combination does not meet the definition.',
  'unsupported.unknown': 'Whether the child is supported turns on a parent who is not identified.',

  'adult.age.over': 'Age {age} on {asOf} is {adultAge} or over.',
  'adult.age.not-over': 'Age {age} on {asOf} is not {adultAge} or over.',
  'adult-child.certificate': 'Valid certificate: {kind} disability grade {grade}.',
  'adult-child.no-certificate': 'No intellectual or mental disability certificate of grade 1–2 valid on {asOf}.',
  'adult-child.parents': '{father}; {mother}. Each parent must be {minimum} or older or deceased, and at least one alive.',
  'adult-child.income': 'Household income {income} for {members} member(s) is {below} {multiplier} × S × n = {threshold} (no deductions).',
  'adult-child.property': 'Property value {value} (money {money} + other property {other}, check of {checkedOn}) is {below} {limit}.',

  'residence.registered': 'Registered (户籍) in Tianjin district {district}.',
  'residence.permit': 'Registered outside Tianjin ({district}) with a Tianjin residence permit valid on {asOf}.',
  'residence.no-permit': 'Registered outside Tianjin ({district}) and no Tianjin residence permit valid on {asOf}.',
  'assisted.enrollment': '{program} ({unit}, {enrollment})',
  'assisted.on': 'On {enrollments} on {asOf}.',
  'assisted.none': "No dibao or low-income enrollment, own or household's, valid on {asOf}.",
  'no-income.no-record': 'Human resources hold no record of this person, so income in {months} is not known.',
  'no-income.month': '{month} ({amount})',
  'no-income.earning': 'Income recorded in {months}.',
  'no-income.none': 'No income recorded in {months}.',
  'insured.since': 'Unemployment-insured since {since}.',
  'insured.none': 'No unemployment-insurance enrollment valid on {asOf}.',
  'registered.since': 'Registered unemployed since {since} ({registration}).',
  'registered.none': 'No unemployment registration valid on {asOf}.',

  'capacity.elderly': 'aged {age}, {elderly} or over',
  'capacity.minor': "aged {age}, under the minors' limit of {limit} in force on {asOf}",
  'capacity.lacking': 'No labour capacity: {reasons}.',
  'capacity.able':
    "Aged {age} (between the minors' limit {limit} and {elderly}) without intellectual or mental disability of grade 1–2 or physical disability of grade 1.",
  'tekun.income': 'Own income {own} is {below} S = {standard}; property: {property}',
  'tekun.income.unknown': 'Own income unknown: the person is listed in no household; property: {property}',
  'supporter.none': 'Civil affairs records no legal supporter.',
  'supporter.unable': 'Civil affairs records a legal supporter unable to support.',
  'supporter.able': 'Civil affairs records a legal supporter able to support.',
  'supporter.unknown': 'Civil affairs has not recorded whether the person has an able legal supporter.',
};
