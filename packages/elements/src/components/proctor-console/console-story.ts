/**
 * What every Console/<stage> story file shares: <exam-proctor-console> showing a fixed view (its `view` property:
 * nothing starts), full screen, times in Beijing time, in the toolbar's language unless a story names one (`lang`:
 * the English stories). A file spreads it after its own `title`, which Storybook reads from the file as written.
 */
import type { Meta } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { ProctorView } from '@examroom/core';
import { viewControls, viewFromArgs } from '../../utils/view-controls';

export type ConsoleStoryArgs = { view: ProctorView; lang?: string };

/** `fixtures`: the file's views, whose fields become the controls (view-controls.ts). */
export function consoleStage(view: ProctorView, fixtures: Readonly<Record<string, ProctorView>> = { view }) {
  return {
    component: 'exam-proctor-console',
    args: { view },
    argTypes: viewControls(fixtures),
    parameters: { layout: 'fullscreen' },
    render: (args, { globals }) =>
      html`<exam-proctor-console .view=${viewFromArgs(args)} time-zone="Asia/Shanghai" lang=${args.lang ?? globals['locale'] ?? 'zh-CN'}></exam-proctor-console>`,
  } satisfies Meta<ConsoleStoryArgs>;
}
