/**
 * Tianjin district codes (GB/T 2260). The sixteen current districts are the only valid values for
 * a district field; codes retired by the 2009–2016 mergers still appear inside older resident ID
 * numbers, where they stay valid forever (an ID number never changes).
 */
export const TIANJIN_DISTRICTS: Readonly<Record<string, string>> = Object.freeze({
  '120101': '和平区',
  '120102': '河东区',
  '120103': '河西区',
  '120104': '南开区',
  '120105': '河北区',
  '120106': '红桥区',
  '120110': '东丽区',
  '120111': '西青区',
  '120112': '津南区',
  '120113': '北辰区',
  '120114': '武清区',
  '120115': '宝坻区',
  '120116': '滨海新区',
  '120117': '宁河区',
  '120118': '静海区',
  '120119': '蓟州区',
});

export const RETIRED_TIANJIN_DISTRICTS: Readonly<Record<string, string>> = Object.freeze({
  '120107': '塘沽区',
  '120108': '汉沽区',
  '120109': '大港区',
  '120221': '宁河县',
  '120222': '武清县',
  '120223': '静海县',
  '120224': '宝坻县',
  '120225': '蓟县',
});

export const TIANJIN_DISTRICT_CODES: readonly string[] = Object.freeze(Object.keys(TIANJIN_DISTRICTS));

/** Province-level prefixes of GB/T 2260 (31 mainland divisions plus Taiwan, Hong Kong, Macao). */
const PROVINCE_PREFIXES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

export function isTianjinDistrict(code: string | null | undefined): boolean {
  return code != null && Object.prototype.hasOwnProperty.call(TIANJIN_DISTRICTS, code);
}

/**
 * Whether a six-digit administrative code can stand in an ID number. The hub holds the full list
 * for Tianjin only; elsewhere it checks the shape (known province, county part not "00"), since
 * people registered in other provinces live here with residence permits.
 */
export function isValidAddressCode(code: string): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  if (code.startsWith('12')) {
    return isTianjinDistrict(code) || Object.prototype.hasOwnProperty.call(RETIRED_TIANJIN_DISTRICTS, code);
  }
  return PROVINCE_PREFIXES.has(code.slice(0, 2)) && code.slice(2) !== '0000';
}

/**
 * A district a record may name today: a current Tianjin district, or for people registered
 * elsewhere a plausible code of another province.
 */
export function isValidDistrictCode(code: string): boolean {
  return code.startsWith('12') ? isTianjinDistrict(code) : isValidAddressCode(code);
}
