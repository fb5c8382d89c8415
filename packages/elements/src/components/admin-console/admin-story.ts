/**
 * What every Admin/<stage> story file shares: <exam-admin-console> showing a fixed view (its `view` property: nothing
 * starts), full screen, in the toolbar's language unless a story names one (`lang`: the English stories). A file
 * spreads it after its own `title`, which Storybook reads from the file as written.
 */
import type { Meta } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { AdminView } from '@examroom/core';
import { viewControls, viewFromArgs } from '../../utils/view-controls';

export type AdminStoryArgs = { view: AdminView; lang?: string };

/** `fixtures`: the file's views, whose fields become the controls (view-controls.ts). */
export function adminStage(view: AdminView, fixtures: Readonly<Record<string, AdminView>> = { view }) {
  return {
    component: 'exam-admin-console',
    args: { view },
    argTypes: viewControls(fixtures),
    parameters: { layout: 'fullscreen' },
    render: (args, { globals }) => html`<exam-admin-console .view=${viewFromArgs(args)} time-zone="Asia/Shanghai" lang=${args.lang ?? globals['locale'] ?? 'zh-CN'}></exam-admin-console>`,
  } satisfies Meta<AdminStoryArgs>;
}
