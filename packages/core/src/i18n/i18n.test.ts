import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../errors/error-codes.js';
import type { IncidentKind } from '../ports/exam-api.port.js';
import { LOCALES, interpolate, localeOfAcceptLanguage, resolveLocale, translate, withMessageOverrides, type MessageKey } from './format.js';
import { zhCN } from './zh-CN.js';
import { EVIDENCE_RECORDER_LOCALES } from './evidence-recorder.js';
import { zhCNEvidenceRecorder } from './evidence-recorder.zh-CN.js';
import { PROCTOR_CONSOLE_LOCALES } from './proctor-console.js';
import { zhCNProctorConsole } from './proctor-console.zh-CN.js';
import { ADMIN_CONSOLE_LOCALES } from './admin-console.js';
import { zhCNAdminConsole } from './admin-console.zh-CN.js';
import * as OpenCC from 'opencc-js';
import { zhHant } from './zh-Hant.js';
import { zhHantEvidenceRecorder } from './evidence-recorder.zh-Hant.js';
import { zhHantProctorConsole } from './proctor-console.zh-Hant.js';
import { zhHantAdminConsole } from './admin-console.zh-Hant.js';
import { zhHantResultsExport } from './results-export.zh-Hant.js';
import { zhHantRosterProblems } from './roster.zh-Hant.js';
import { zhCNResultsExport } from './results-export.zh-CN.js';
import { zhCNRosterProblems } from './roster.zh-CN.js';

/** Every incident kind; `satisfies` makes the compiler reject a missing or unknown kind. */
const INCIDENT_KINDS = Object.keys({
  windowBlur: true,
  pageHidden: true,
  fullscreenExit: true,
  clipboard: true,
  printScreen: true,
  deviceRemoved: true,
  externalDisplay: true,
  screenShareEnded: true,
  cameraEnded: true,
  offline: true,
  online: true,
  storageLow: true,
  evidenceLate: true,
  evidenceStopped: true,
  evidenceSilent: true,
  virtualCamera: true,
  faceMissing: true,
  faceSeveral: true,
  faceCovered: true,
} satisfies Record<IncidentKind, true>);

/** The candidate guide's stage names (R2), in order. */
const SEED_STAGES = [
  '设备准备',
  '人脸登录',
  '阅读面试流程',
  '佐证绑定',
  '抽签',
  '进入考试',
  '设备确认',
  '信息确认',
  '阅读承诺书和须知',
  '开始答题',
  '结束考试',
];

/** Every string leaf as [dotted path, text]; array items are indexed (`readingPledge.notice.2`). */
function leaves(node: unknown, path = ''): [string, string][] {
  if (typeof node === 'string') return [[path, node]];
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, child]) => leaves(child, path ? `${path}.${key}` : key));
}

/** The shape of a message tree: every key, which are arrays and how long, with strings replaced by their type. */
function shape(node: unknown): unknown {
  if (Array.isArray(node)) return { array: node.map(shape) };
  if (typeof node === 'object' && node !== null) {
    return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, shape(child)]));
  }
  return typeof node;
}

function placeholders(text: string): string[] {
  // `{name}`, and the name a plural counts: `{count, plural, one {…} other {…}}`.
  return [...new Set([...text.matchAll(/\{(\w+)(?:\}|,\s*plural,)/g)].map((match) => match[1] ?? ''))].sort();
}

const zhLeaves = new Map(leaves(zhCN));

describe.each(Object.entries(LOCALES))('locale %s', (locale, messages) => {
  it('has exactly the keys of zh-CN, with the same types and array lengths', () => {
    expect(shape(messages)).toEqual(shape(zhCN));
  });

  it('has no empty strings', () => {
    const empty = leaves(messages).filter(([, text]) => text.trim() === '');
    expect(empty).toEqual([]);
  });

  it('uses the same {placeholders} as zh-CN in every string', () => {
    for (const [path, text] of leaves(messages)) {
      const reference = zhLeaves.get(path);
      expect(reference, `${locale}: ${path} missing in zh-CN`).toBeDefined();
      expect(placeholders(text), `${locale}: ${path}`).toEqual(placeholders(reference ?? ''));
    }
  });

  it('names itself by its locale tag', () => {
    expect(messages.locale).toBe(locale);
  });

  it('has a message for every error code and none for unknown codes', () => {
    expect(Object.keys(messages.errors).sort()).toEqual([...ERROR_CODES].sort());
  });

  it('has a message for every incident kind and none for unknown kinds', () => {
    expect(Object.keys(messages.incidents).sort()).toEqual([...INCIDENT_KINDS].sort());
  });
});

const zhEvidenceRecorderLeaves = new Map(leaves(zhCNEvidenceRecorder));

describe.each(Object.entries(EVIDENCE_RECORDER_LOCALES))('the phone\'s evidence recorder words in %s', (locale, messages) => {
  it('have exactly the keys of zh-CN, with the same types and array lengths', () => {
    expect(shape(messages)).toEqual(shape(zhCNEvidenceRecorder));
  });

  it('have no empty strings', () => {
    expect(leaves(messages).filter(([, text]) => text.trim() === '')).toEqual([]);
  });

  it('use the same {placeholders} as zh-CN in every string', () => {
    for (const [path, text] of leaves(messages)) {
      expect(placeholders(text), `${locale}: ${path}`).toEqual(placeholders(zhEvidenceRecorderLeaves.get(path) ?? ''));
    }
  });
});

describe('the phone\'s evidence recorder uses the guide\'s words (R9, R10, R30)', () => {
  it.each([
    ['scanning.intro', '360度环拍面试环境（确保本人在镜头内）'],
    ['recording.placing', '将移动设备固定在能够拍摄到考生桌面、笔记本电脑屏幕、周围环境及考生行为的位置'],
    ['recording.continuous', '持续拍摄到面试结束（不得中断拍摄）'],
    ['recording.stopHint', '手动停止佐证视频拍摄，并于60分钟内确认佐证视频已上传'],
    ['recording.status', '录制中 · 已上传'],
    ['recording.start', '开始录制'],
    ['recording.stop', '结束录制'],
    ['pairing.scan', '扫描二维码'],
    ['pairing.codeLabel', '绑定码'],
  ] as const)('%s says 「%s」', (path, words) => {
    expect(zhEvidenceRecorderLeaves.get(path)).toContain(words);
  });
});

const zhProctorConsoleLeaves = new Map(leaves(zhCNProctorConsole));

describe.each(Object.entries(PROCTOR_CONSOLE_LOCALES))('the supervisor console words in %s', (locale, messages) => {
  it('have exactly the keys of zh-CN, with the same types and array lengths', () => {
    expect(shape(messages)).toEqual(shape(zhCNProctorConsole));
  });

  it('have no empty strings', () => {
    expect(leaves(messages).filter(([, text]) => text.trim() === '')).toEqual([]);
  });

  it('use the same {placeholders} as zh-CN in every string', () => {
    for (const [path, text] of leaves(messages)) {
      expect(placeholders(text), `${locale}: ${path}`).toEqual(placeholders(zhProctorConsoleLeaves.get(path) ?? ''));
    }
  });
});

describe('the supervisor console uses the guide\'s words (R27, R32)', () => {
  it.each([
    ['title', '监督员'],
    ['login.title', '监督员'],
    ['sitting.columns.help', '求助'],
    ['conversation.fromSupervisor', '监督员'],
    ['evidence.recording', '录制中'],
    ['stages.bindingEvidence', '佐证绑定'],
  ] as const)('%s says 「%s」', (path, words) => {
    expect(zhProctorConsoleLeaves.get(path)).toContain(words);
  });
});

describe('zh-CN uses the candidate guide’s words verbatim', () => {
  it.each([
    ['actions.enter', '进入考试'],
    ['actions.endExam', '结束考试'],
    ['actions.help', '求助'],
    ['actions.refresh', '刷新'],
    ['actions.refreshDevices', '刷新设备'],
    ['actions.refreshQuestions', '刷新题目'],
    ['actions.confirm', '确认'],
    ['actions.usePassword', '普通登录'],
    ['finished.title', '上传成功'],
  ] as const)('%s is 「%s」', (key, word) => {
    expect(translate(zhCN, key)).toBe(word);
  });

  it('names the steps with the R2 stage names, in order', () => {
    expect(Object.values(zhCN.steps)).toEqual(SEED_STAGES);
  });
});

describe('interpolate', () => {
  it('replaces every {name} with its parameter', () => {
    expect(interpolate('你的抽签号：{lot}，第{n}题，{lot}', { lot: 7, n: '2' })).toBe('你的抽签号：7，第2题，7');
  });

  it('leaves unknown placeholders visible', () => {
    expect(interpolate('{kind}：已上传 {percent}%', { percent: 40 })).toBe('{kind}：已上传 40%');
  });
});

describe('translate', () => {
  it('looks up a dotted key and interpolates it', () => {
    expect(translate(LOCALES.en, 'drawingLot.yourLot', { lot: 12 })).toBe('Your lot number: 12');
    expect(translate(zhCN, 'errors.LATE_ENTRY_CLOSED')).toBe(zhCN.errors.LATE_ENTRY_CLOSED);
  });

  it('throws for a key that is not a string', () => {
    expect(() => translate(zhCN, 'actions' as MessageKey)).toThrow(/actions/);
    expect(() => translate(zhCN, 'readingPledge.notice' as MessageKey)).toThrow();
    expect(() => translate(zhCN, 'actions.nothing' as MessageKey)).toThrow();
  });
});

describe('resolveLocale', () => {
  it.each([
    ['zh-Hans', 'zh-CN'],
    ['zh-CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-SG', 'zh-CN'],
    ['zh-Hans-HK', 'zh-CN'],
    ['zh-Hant', 'zh-Hant'],
    ['zh-Hant-TW', 'zh-Hant'],
    ['zh-TW', 'zh-Hant'],
    ['zh-HK', 'zh-Hant'],
    ['zh-MO', 'zh-Hant'],
    ['zh-yue-HK', 'zh-Hant'],
    ['en-GB', 'en'],
    ['en', 'en'],
    [undefined, 'zh-CN'],
  ] as const)('%s → %s', (tag, locale) => {
    expect(resolveLocale(tag)).toBe(locale);
  });
});

describe('localeOfAcceptLanguage', () => {
  it.each([
    ['en-US,en;q=0.9', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['zh-TW,zh;q=0.9', 'zh-Hant'],
    [' en ;q=1', 'en'],
    ['*', 'zh-CN'],
    ['', 'zh-CN'],
    [null, 'zh-CN'],
    [undefined, 'zh-CN'],
  ] as const)('%j → %s', (header, locale) => {
    expect(localeOfAcceptLanguage(header)).toBe(locale);
  });
});

const zhAdminConsoleLeaves = new Map(leaves(zhCNAdminConsole));

describe.each(Object.entries(ADMIN_CONSOLE_LOCALES))('the administrator console words in %s', (locale, messages) => {
  it('have exactly the keys of zh-CN, with the same types and array lengths', () => {
    expect(shape(messages)).toEqual(shape(zhCNAdminConsole));
  });

  it('have no empty strings', () => {
    expect(leaves(messages).filter(([, text]) => text.trim() === '')).toEqual([]);
  });

  it('use the same {placeholders} as zh-CN in every string', () => {
    for (const [path, text] of leaves(messages)) {
      expect(placeholders(text), `${locale}: ${path}`).toEqual(placeholders(zhAdminConsoleLeaves.get(path) ?? ''));
    }
  });
});

describe('the administrator console uses the institution’s words', () => {
  it.each([
    ['sections.exams', '考试'],
    ['exams.tabs.sittings', '场次'],
    ['exams.tabs.questionSets', '面试题目'],
    ['sections.supervisors', '监督员'],
    ['sections.audit', '操作日志'],
    ['save', '保存'],
    ['delete', '删除'],
    ['login.newPasswordTitle', '设置新密码'],
  ] as const)('%s says 「%s」', (path, words) => {
    expect(zhAdminConsoleLeaves.get(path)).toContain(words);
  });
});

describe('zh-Hant (繁體中文)', () => {
  const toTraditional = OpenCC.Converter({ from: 'cn', to: 't' });
  const convert = (value: unknown): unknown =>
    typeof value === 'string'
      ? toTraditional(value)
      : Array.isArray(value)
        ? value.map(convert)
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, key === 'locale' ? 'zh-Hant' : convert(item)]))
          : value;

  it.each([
    ['zh-Hant.ts', zhHant, zhCN],
    ['evidence-recorder.zh-Hant.ts', zhHantEvidenceRecorder, zhCNEvidenceRecorder],
    ['proctor-console.zh-Hant.ts', zhHantProctorConsole, zhCNProctorConsole],
    ['admin-console.zh-Hant.ts', zhHantAdminConsole, zhCNAdminConsole],
    ['results-export.zh-Hant.ts', zhHantResultsExport, zhCNResultsExport],
    ['roster.zh-Hant.ts', zhHantRosterProblems, zhCNRosterProblems],
  ] as const)('%s is the zh-CN words in Traditional characters (else: npm run build, then npm run zh-hant -w @examroom/core)', (_file, traditional, simplified) => {
    expect(traditional).toEqual(convert(simplified));
  });

  it('uses the guide’s stage names in Traditional characters', () => {
    expect(Object.values(zhHant.steps)).toEqual(expect.arrayContaining(['設備準備', '人臉登錄', '佐證綁定', '抽籤', '進入考試', '結束考試']));
    expect(zhHant.errors.INVALID_CREDENTIALS).toContain('身份證號');
  });
});

describe('plurals (Intl.PluralRules) and the embedder’s words', () => {
  it('chooses the plural case of the count in the locale, exact cases first, # as the number', () => {
    const template = '{count, plural, =0 {no candidate} one {# candidate} other {# candidates}} in {sitting}';
    expect(interpolate(template, { count: 0, sitting: '上午场' })).toBe('no candidate in 上午场');
    expect(interpolate(template, { count: 1, sitting: 'A' })).toBe('1 candidate in A');
    expect(interpolate(template, { count: 1234, sitting: 'A' })).toBe('1,234 candidates in A');
    expect(translate(LOCALES.en, 'help.unread', { n: 1 })).toBe('1 new message');
    expect(translate(LOCALES.en, 'help.unread', { n: 3 })).toBe('3 new messages');
    // Chinese has one form: its words use no plural, and a plural in them takes `other`.
    expect(interpolate('{n, plural, other {# 条新消息}}', { n: 1 }, 'zh-CN')).toBe('1 条新消息');
    // Without its number the plural stays visible.
    expect(interpolate(template, { sitting: 'A' })).toBe('{count, plural, =0 {no candidate} one {# candidate} other {# candidates}} in A');
  });

  it('applies the embedder’s words by key, leaves the rest and the original alone, and reports unknown keys', () => {
    const unknown: string[] = [];
    const changed = withMessageOverrides(LOCALES['zh-CN'], { 'actions.enter': '进入面试', 'steps.awaitingEntry': '进入面试', 'actions.nothing': 'x', 'actions': 'y' } as never, (key) => unknown.push(key));
    expect(changed.actions.enter).toBe('进入面试');
    expect(changed.steps.awaitingEntry).toBe('进入面试');
    expect(changed.actions.endExam).toBe(LOCALES['zh-CN'].actions.endExam);
    expect(LOCALES['zh-CN'].actions.enter).toBe('进入考试');
    expect(unknown).toEqual(['actions.nothing', 'actions']);
  });
});
