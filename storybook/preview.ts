/**
 * What every story runs in: the built components (Stencil's custom-elements output, one self-defining module per
 * tag), the theme tokens, and the toolbar's locale and theme. Stories read the locale from `globals.locale`; the
 * theme is applied here, on the story root.
 */
import { setCustomElementsManifest, type Decorator, type Preview } from '@storybook/web-components-vite';
import { html } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import '@examroom/elements/theme.css';
import { LOCALES, THEMES, themeStyle } from './themes';
import { viewFieldArgs } from '../packages/elements/src/utils/view-controls';
// Stencil writes the manifest (its docs-custom-elements-manifest output target) with every build: the docs pages'
// attributes, properties, events, parts and CSS custom properties, the global --exam-* tokens among <exam-room>'s.
import manifest from '../packages/elements/dist/custom-elements.json';

setCustomElementsManifest(manifest);

// Every tag, including the ones <exam-room> renders by name at run time (its stages are not static imports).
import.meta.glob('../packages/elements/dist/components/exam-*.js', { eager: true });

const withTheme: Decorator = (story, { globals }) => html`
  <div class="exam-story-root" data-theme=${String(globals['theme'] ?? 'default')} lang=${String(globals['locale'] ?? 'zh-CN')} style=${styleMap(themeStyle(globals['theme']))}>
    ${story()}
  </div>
`;

const preview: Preview = {
  globalTypes: {
    locale: {
      description: '界面语言 Language of the components',
      toolbar: { title: 'Locale', icon: 'globe', items: [...LOCALES], dynamicTitle: true },
    },
    theme: {
      description: '主题 Theme (--exam-* tokens)',
      toolbar: {
        title: 'Theme',
        icon: 'paintbrush',
        items: Object.entries(THEMES).map(([value, theme]) => ({ value, title: theme.title })),
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { locale: 'zh-CN', theme: 'default' },
  decorators: [withTheme],
  // A docs page for every component (the story file's `component` tag), from the manifest above.
  tags: ['autodocs'],
  // A stage story's controls per field of its view start from the story's own fixture (view-controls.ts).
  argsEnhancers: [viewFieldArgs],
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
  },
};

export default preview;
