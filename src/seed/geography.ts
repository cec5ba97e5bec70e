import { TIANJIN_DISTRICT_CODES } from '../identity/districts';
import { WeightedTable, type Rng } from './random';

/**
 * Registered population by district, in ten thousands, rounded; only the proportions matter.
 * Binhai New Area is by far the largest, Heping the smallest.
 */
const DISTRICT_WEIGHTS: Readonly<Record<string, number>> = {
  '120101': 35, // 和平
  '120102': 86, // 河东
  '120103': 82, // 河西
  '120104': 95, // 南开
  '120105': 64, // 河北
  '120106': 48, // 红桥
  '120110': 82, // 东丽
  '120111': 110, // 西青
  '120112': 90, // 津南
  '120113': 88, // 北辰
  '120114': 115, // 武清
  '120115': 72, // 宝坻
  '120116': 200, // 滨海新区
  '120117': 40, // 宁河
  '120118': 76, // 静海
  '120119': 78, // 蓟州
};

const DISTRICTS = new WeightedTable(TIANJIN_DISTRICT_CODES.map((code) => [code, DISTRICT_WEIGHTS[code]] as const));

/** Former counties: more elderly people without an employee pension. */
const RURAL = new Set(['120114', '120115', '120117', '120118', '120119']);

/** Districts whose older residents were registered under a county code before the county became a district. */
const COUNTY_BEFORE: Readonly<Record<string, { code: string; untilYear: number }>> = {
  '120114': { code: '120222', untilYear: 2000 }, // 武清县
  '120115': { code: '120224', untilYear: 2001 }, // 宝坻县
  '120117': { code: '120221', untilYear: 2015 }, // 宁河县
  '120118': { code: '120223', untilYear: 2015 }, // 静海县
  '120119': { code: '120225', untilYear: 2016 }, // 蓟县
};

/** Tanggu, Hanggu and Dagang, merged into Binhai New Area in 2009. */
const BINHAI_FORMER = new WeightedTable([
  ['120107', 5],
  ['120108', 2],
  ['120109', 3],
] as const);

/** Where migrants with a Tianjin residence permit come from: mostly neighbouring Hebei and Shandong. */
const MIGRANT_ORIGINS = new WeightedTable([
  ['130102', 6], // 石家庄长安区
  ['130602', 5], // 保定竞秀区
  ['131002', 6], // 廊坊安次区
  ['130202', 4], // 唐山路南区
  ['130902', 5], // 沧州新华区
  ['370102', 4], // 济南历下区
  ['371402', 3], // 德州德城区
  ['410102', 4], // 郑州中原区
  ['210102', 3], // 沈阳和平区
  ['140105', 2], // 太原小店区
  ['230102', 2], // 哈尔滨道里区
  ['150102', 1], // 呼和浩特新城区
  ['340102', 2], // 合肥瑶海区
  ['220102', 1], // 长春南关区
] as const);

export function pickDistrict(rng: Rng): string {
  return DISTRICTS.pick(rng);
}

/** Another Tianjin district than `district`, weighted like the rest. */
export function otherDistrict(rng: Rng, district: string): string {
  for (;;) {
    const other = DISTRICTS.pick(rng);
    if (other !== district) return other;
  }
}

export function pickMigrantOrigin(rng: Rng): string {
  return MIGRANT_ORIGINS.pick(rng);
}

export function isRural(district: string): boolean {
  return RURAL.has(district);
}

/**
 * The address code in a person's ID number: where the household was first registered, which for
 * older people is often a code that no longer exists. `district` is where they are registered now.
 */
export function addressCodeFor(rng: Rng, district: string, birthYear: number): string {
  if (!district.startsWith('12')) return district;
  let origin = district;
  const roll = rng.next();
  if (roll < 0.03) return pickMigrantOrigin(rng); // moved their registration to Tianjin later in life
  if (roll < 0.15) origin = otherDistrict(rng, district);
  if (origin === '120116' && birthYear < 2010 && rng.chance(0.65)) return BINHAI_FORMER.pick(rng);
  const county = COUNTY_BEFORE[origin];
  if (county && birthYear < county.untilYear && rng.chance(birthYear < 1970 ? 0.75 : 0.4)) return county.code;
  return origin;
}
