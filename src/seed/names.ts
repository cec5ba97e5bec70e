import { WeightedTable, type Rng } from './random';
import type { Sex } from './model';

/** Common surnames, roughly weighted by frequency in northern China. */
// prettier-ignore
const SURNAMES = new WeightedTable<string>([
  ['王', 95], ['李', 90], ['张', 88], ['刘', 70], ['陈', 45], ['杨', 42], ['赵', 36], ['黄', 20],
  ['周', 18], ['吴', 17], ['徐', 16], ['孙', 22], ['胡', 13], ['朱', 12], ['高', 18], ['林', 8],
  ['何', 8], ['郭', 15], ['马', 17], ['罗', 6], ['梁', 9], ['宋', 10], ['郑', 8], ['谢', 6],
  ['韩', 11], ['唐', 6], ['冯', 8], ['于', 12], ['董', 9], ['肖', 5], ['程', 6], ['曹', 7],
  ['袁', 5], ['邓', 5], ['许', 6], ['傅', 3], ['沈', 4], ['曾', 3], ['彭', 4], ['吕', 5],
  ['苏', 5], ['卢', 5], ['蒋', 4], ['蔡', 4], ['贾', 6], ['丁', 5], ['魏', 6], ['薛', 5],
  ['叶', 3], ['阎', 4], ['余', 3], ['潘', 4], ['杜', 6], ['戴', 3], ['夏', 3], ['钟', 2],
  ['汪', 2], ['田', 6], ['任', 5], ['姜', 5], ['范', 4], ['方', 3], ['石', 5], ['姚', 4],
  ['谭', 2], ['邹', 2], ['熊', 2], ['金', 4], ['陆', 3], ['郝', 5], ['孔', 3], ['白', 5],
  ['崔', 6], ['康', 3], ['毛', 2], ['邱', 2], ['秦', 3], ['江', 2], ['史', 4], ['顾', 2],
  ['侯', 4], ['邵', 3], ['孟', 5], ['龙', 1], ['段', 3], ['雷', 2], ['钱', 2], ['汤', 2],
  ['尹', 3], ['常', 4], ['武', 4], ['乔', 3], ['贺', 2], ['齐', 3], ['杭', 1], ['穆', 2],
]);

/** Given-name characters differ by generation; these follow the fashions of each period. */
// prettier-ignore
const GIVEN: Record<'older' | 'middle' | 'younger', Record<Sex, readonly string[]>> = {
  older: {
    MALE: ['国', '建', '明', '德', '福', '华', '文', '志', '永', '振', '树', '忠', '庆', '宝', '海', '春', '生', '新', '民', '有', '才', '顺'],
    FEMALE: ['秀', '英', '兰', '桂', '珍', '玉', '凤', '芳', '淑', '华', '琴', '荣', '梅', '霞', '云', '素', '香', '莲', '淑', '萍'],
  },
  middle: {
    MALE: ['伟', '强', '军', '勇', '磊', '涛', '斌', '杰', '鹏', '辉', '刚', '超', '亮', '平', '东', '波', '峰', '宇', '健', '龙', '凯', '明'],
    FEMALE: ['丽', '静', '敏', '燕', '艳', '娟', '霞', '红', '芳', '娜', '玲', '洁', '颖', '琳', '莉', '婷', '雪', '倩', '晶', '慧'],
  },
  younger: {
    MALE: ['浩', '宇', '轩', '子', '涵', '博', '俊', '泽', '睿', '晨', '一', '天', '逸', '嘉', '航', '铭', '皓', '然', '昊', '阳', '梓', '辰'],
    FEMALE: ['欣', '怡', '梓', '涵', '雨', '诗', '萱', '可', '馨', '佳', '思', '晨', '悦', '琪', '妍', '若', '彤', '紫', '语', '桐'],
  },
};

/**
 * Same-sounding characters a clerk types by mistake (同音字). Every given-name character above has
 * one, so a misspelling can always be produced.
 */
// prettier-ignore
const HOMOPHONES: Record<string, string> = {
  国: '果', 建: '剑', 明: '铭', 德: '得', 福: '富', 华: '桦', 文: '雯', 志: '智', 永: '勇', 振: '震',
  树: '述', 忠: '中', 庆: '青', 宝: '保', 海: '凯', 春: '纯', 生: '升', 新: '欣', 民: '敏', 有: '友',
  才: '财', 顺: '舜', 秀: '绣', 英: '瑛', 兰: '岚', 桂: '贵', 珍: '真', 玉: '钰', 凤: '风', 芳: '方',
  淑: '书', 琴: '勤', 荣: '蓉', 梅: '美', 霞: '侠', 云: '芸', 素: '苏', 香: '湘', 莲: '连', 萍: '平',
  伟: '玮', 强: '蔷', 军: '君', 勇: '永', 磊: '蕾', 涛: '滔', 斌: '彬', 杰: '洁', 鹏: '朋', 辉: '晖',
  刚: '钢', 超: '朝', 亮: '谅', 平: '萍', 东: '冬', 波: '博', 峰: '锋', 宇: '禹', 健: '建', 龙: '隆',
  凯: '恺', 丽: '莉', 静: '晶', 敏: '民', 燕: '艳', 艳: '燕', 娟: '鹃', 红: '虹', 娜: '纳', 玲: '琳',
  洁: '杰', 颖: '莹', 琳: '林', 莉: '丽', 婷: '亭', 雪: '学', 倩: '茜', 晶: '静', 慧: '惠', 浩: '昊',
  轩: '萱', 子: '梓', 涵: '寒', 博: '波', 俊: '骏', 泽: '择', 睿: '瑞', 晨: '辰', 一: '依', 天: '添',
  逸: '亦', 嘉: '佳', 航: '杭', 铭: '明', 皓: '浩', 然: '冉', 昊: '浩', 阳: '洋', 梓: '子', 辰: '晨',
  欣: '馨', 怡: '仪', 雨: '语', 诗: '师', 萱: '轩', 可: '珂', 馨: '欣', 佳: '嘉', 思: '斯', 悦: '月',
  琪: '琦', 妍: '研', 若: '偌', 彤: '桐', 紫: '子', 语: '雨', 桐: '彤',
};

export function surname(rng: Rng): string {
  return SURNAMES.pick(rng);
}

function generation(birthYear: number): 'older' | 'middle' | 'younger' {
  if (birthYear < 1960) return 'older';
  return birthYear < 1990 ? 'middle' : 'younger';
}

/** A full name; most given names of two characters, some of one. */
export function personName(rng: Rng, familyName: string, sex: Sex, birthYear: number): string {
  const chars = GIVEN[generation(birthYear)][sex];
  const first = rng.pick(chars);
  if (rng.chance(0.25)) return familyName + first;
  let second = rng.pick(chars);
  if (second === first) second = rng.pick(chars);
  return familyName + first + second;
}

/** The same name as another department might have typed it: one given-name character swapped for a homophone. */
export function misspelled(rng: Rng, name: string): string {
  const chars = [...name];
  const positions = chars.map((c, i) => (i > 0 && HOMOPHONES[c] ? i : -1)).filter((i) => i > 0);
  const at = positions.length > 0 ? rng.pick(positions) : chars.length - 1;
  chars[at] = HOMOPHONES[chars[at]] ?? '某';
  return chars.join('');
}
