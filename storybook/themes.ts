/**
 * The toolbar's themes: `--exam-*` tokens (and the base font size, which the components' em sizes follow) that the
 * preview's decorator sets on the story root, exactly as a university's portal would on an ancestor of <exam-room>.
 */
export interface StoryTheme {
  readonly title: string;
  /** Custom properties and the font size, set as inline styles on the story root. */
  readonly style: Readonly<Record<string, string>>;
}

export const THEMES = {
  default: { title: '默认 Default', style: {} },
  university: {
    title: '高校品牌 + 大字 University',
    style: {
      '--exam-color-brand': '#7a1f5c',
      '--exam-color-success': '#116329',
      '--exam-color-danger': '#a40e26',
      '--exam-color-muted': '#4b535d',
      '--exam-color-track': '#e4d3de',
      '--exam-radius': '0.75rem',
      '--exam-space': '0.625rem',
      '--exam-font-family': '"Noto Serif CJK SC", "Songti SC", "SimSun", Georgia, serif',
      '--exam-focus-ring': '3px solid #7a1f5c',
      'font-size': '1.25rem',
    },
  },
} as const satisfies Record<string, StoryTheme>;

export type ThemeName = keyof typeof THEMES;

export const LOCALES = [
  { value: 'zh-CN', title: '简体中文' },
  { value: 'zh-Hant', title: '繁體中文' },
  { value: 'en', title: 'English' },
] as const;

export function themeStyle(name: unknown): Readonly<Record<string, string>> {
  return (THEMES as Record<string, StoryTheme>)[String(name)]?.style ?? THEMES.default.style;
}
