/**
 * Every shared fixture has its story. The convention this checks, for each `components/<name>/<name>.fixtures.ts`:
 * - an exported `<camelName>Views` record (stage view models): for every key, a story in the sibling
 *   `<name>.stories.ts` whose own `args.view` is that very fixture;
 * - an exported `<camelName>Args` record (primitives' props): for every key, a story whose own `args` is that very
 *   object;
 * and every component folder has stories, with a `Default` story. A stage's folder, fixture record and story carry
 * the machine state's name: `awaiting-entry/` exports `awaitingEntryViews` (every view's stage is `awaitingEntry`)
 * and its stories are titled `Stages/awaitingEntry …` for <exam-awaiting-entry>. The phone's stages live in
 * <exam-evidence-recorder>'s folder, one render module each named by the stage: `evidence-recorder/recording.tsx`,
 * `recording.fixtures.ts` exporting `recordingViews`, stories `Phone/recording …`.
 */
/// <reference types="vite/client" />
import { ADMIN_VIEW_STATES, EVIDENCE_VIEW_STATES, PROCTOR_VIEW_STATES, STAGES, VIEW_STATES, viewStateKeys, type AdminView, type EvidenceView, type ExamView, type ProctorView } from '@examroom/core';
import { describe, expect, it } from 'vitest';
import { stageTag } from './utils/stage-tag';

/** What this test reads of a CSF module: the default export (meta) and the named stories. */
type StoryModule = Record<string, unknown>;
type Loader = () => Promise<unknown>;

const fixtureModules = import.meta.glob<Record<string, unknown>>('./components/*/*.fixtures.ts');
const storyModules = import.meta.glob<StoryModule>('./components/*/*.stories.ts');
const componentSources = Object.keys(import.meta.glob('./components/*/*.tsx'));

/** The fixture keys (as `record.key`) that no story of `stories` shows. */
function missingStories(fixtures: Record<string, unknown>, stories: StoryModule): string[] {
  const storyArgs = Object.entries(stories)
    .filter(([name]) => name !== 'default' && name !== '__namedExportsOrder')
    .map(([, story]) => (story && typeof story === 'object' && 'args' in story ? (story as { args?: unknown }).args : undefined))
    .filter((args): args is Record<string, unknown> => typeof args === 'object' && args !== null);
  const missing: string[] = [];
  for (const [exportName, record] of Object.entries(fixtures)) {
    const byView = exportName.endsWith('Views');
    const byArgs = exportName.endsWith('Args');
    if ((!byView && !byArgs) || typeof record !== 'object' || record === null) continue;
    for (const [key, fixture] of Object.entries(record)) {
      const shown = storyArgs.some((args) => (byView ? args['view'] === fixture : args === fixture));
      if (!shown) missing.push(`${exportName}.${key}`);
    }
  }
  return missing;
}

const folderOf = (path: string) => path.split('/').slice(0, -1).join('/');

describe('stories', () => {
  it('the check finds a fixture without a story, and accepts one that has it', () => {
    const views = { shown: { stage: 'x' }, forgotten: { stage: 'y' } };
    const args = { small: { level: 0 } };
    const stories = { default: { title: 'T' }, Default: {}, Shown: { args: { view: views.shown } }, Small: { args: args.small } };
    expect(missingStories({ demoViews: views, demoArgs: args, demoNow: 0 }, stories)).toEqual(['demoViews.forgotten']);
    // A story with an equal copy is not the shared fixture.
    expect(missingStories({ demoArgs: args }, { Copy: { args: { level: 0 } } })).toEqual(['demoArgs.small']);
  });

  it('found the fixtures and component folders to check', () => {
    expect(Object.keys(fixtureModules).length).toBeGreaterThan(5);
    expect(componentSources.length).toBeGreaterThan(5);
  });

  for (const [fixturesPath, loadFixtures] of Object.entries(fixtureModules)) {
    const storiesPath = fixturesPath.replace(/\.fixtures\.ts$/, '.stories.ts');
    it(`${fixturesPath}: every fixture has a story in ${storiesPath}`, async () => {
      const loadStories: Loader | undefined = storyModules[storiesPath];
      expect(loadStories, `${storiesPath} is missing`).toBeDefined();
      const [fixtures, stories] = await Promise.all([loadFixtures(), loadStories!() as Promise<StoryModule>]);
      const records = Object.keys(fixtures).filter((name) => name.endsWith('Views') || name.endsWith('Args'));
      expect(records, `${fixturesPath} exports no …Views or …Args record`).not.toEqual([]);
      expect(missingStories(fixtures, stories)).toEqual([]);
    });
  }

  it('every view state the machine can show (core\'s VIEW_STATES, proven by its model test) has a stage fixture, so a story', async () => {
    const shown = new Set<string>();
    for (const load of Object.values(fixtureModules)) {
      for (const [exportName, record] of Object.entries(await load())) {
        if (!exportName.endsWith('Views') || typeof record !== 'object' || record === null) continue;
        for (const view of Object.values(record)) viewStateKeys(view as ExamView).forEach((key) => shown.add(key));
      }
    }
    expect(VIEW_STATES.filter((key) => !shown.has(key))).toEqual([]);
  });

  for (const stage of [...STAGES, 'barred', 'resuming'] as const) {
    const name = stageTag(stage).slice('exam-'.length);
    it(`${stage}: folder ${name}/, fixtures ${stage}Views, stories Stages/${stage} for <${stageTag(stage)}>`, async () => {
      const loadFixtures = fixtureModules[`./components/${name}/${name}.fixtures.ts`];
      const loadStories = storyModules[`./components/${name}/${name}.stories.ts`];
      expect(loadFixtures, `components/${name}/${name}.fixtures.ts is missing`).toBeDefined();
      expect(loadStories, `components/${name}/${name}.stories.ts is missing`).toBeDefined();
      const views = Object.entries(await loadFixtures!()).filter(([exportName]) => exportName.endsWith('Views'));
      expect(views.map(([exportName]) => exportName)).toEqual([`${stage}Views`]);
      const stagesShown = Object.values(views[0]![1] as Record<string, ExamView>).map((view) => view.stage);
      expect(new Set(stagesShown)).toEqual(new Set([stage]));
      const meta = (await loadStories!())['default'] as { title?: string; component?: string };
      expect(meta.title).toMatch(new RegExp(`^Stages/${stage} \\S`));
      expect(meta.component).toBe(stageTag(stage));
    });
  }

  const phoneStages = [...new Set(EVIDENCE_VIEW_STATES.map((tag) => tag.split(':')[0]!))];

  it('every view state of the phone (core\'s EVIDENCE_VIEW_STATES, proven by its model test) has a fixture, so a story', async () => {
    const shown = new Set<string>();
    for (const stage of phoneStages) {
      const record = (await fixtureModules[`./components/evidence-recorder/${stage}.fixtures.ts`]?.())?.[`${stage}Views`];
      for (const view of Object.values((record ?? {}) as Record<string, EvidenceView>)) shown.add(`${view.stage}:${view.phase}`);
    }
    expect(EVIDENCE_VIEW_STATES.filter((tag) => !shown.has(tag))).toEqual([]);
  });

  for (const stage of phoneStages) {
    it(`phone stage ${stage}: evidence-recorder/${stage}.tsx, fixtures ${stage}Views, stories Phone/${stage} for <exam-evidence-recorder>`, async () => {
      expect(componentSources).toContain(`./components/evidence-recorder/${stage}.tsx`);
      const loadFixtures = fixtureModules[`./components/evidence-recorder/${stage}.fixtures.ts`];
      const loadStories = storyModules[`./components/evidence-recorder/${stage}.stories.ts`];
      expect(loadFixtures, `evidence-recorder/${stage}.fixtures.ts is missing`).toBeDefined();
      expect(loadStories, `evidence-recorder/${stage}.stories.ts is missing`).toBeDefined();
      const views = Object.entries(await loadFixtures!()).filter(([exportName]) => exportName.endsWith('Views'));
      expect(views.map(([exportName]) => exportName)).toEqual([`${stage}Views`]);
      expect(new Set(Object.values(views[0]![1] as Record<string, EvidenceView>).map((view) => view.stage))).toEqual(new Set([stage]));
      const meta = (await loadStories!())['default'] as { title?: string; component?: string };
      expect(meta.title).toMatch(new RegExp(`^Phone/${stage} \\S`));
      expect(meta.component).toBe('exam-evidence-recorder');
    });
  }

  // The supervisor's console: one render module per stage in proctor-console/, the conversation and the candidate's
  // panel beside the grid, the notice above it.
  const consoleStages = [...new Set(PROCTOR_VIEW_STATES.map((tag) => tag.split(':')[0]!))];
  /** A console stage's render module, fixtures and stories are named by the stage in kebab case (uploadHealth → upload-health.tsx). */
  const consoleFile = (stage: string) => stage.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

  it('every view state of the supervisor\'s console (core\'s PROCTOR_VIEW_STATES, proven by its test) has a fixture, so a story', async () => {
    const shown = new Set<string>();
    for (const stage of consoleStages) {
      const record = (await fixtureModules[`./components/proctor-console/${consoleFile(stage)}.fixtures.ts`]?.())?.[`${stage}Views`];
      for (const view of Object.values((record ?? {}) as Record<string, ProctorView>)) {
        shown.add(`${view.stage}:${view.phase}`);
        if (view.stage === 'sitting' && view.conversation) shown.add(`conversation:${view.conversation.phase}`);
        if (view.stage === 'sitting' && view.candidatePanel) shown.add(`candidate:${view.candidatePanel.phase}`);
        if (view.stage === 'sitting') shown.add(`notice:${view.notice.phase}`);
        if (view.stage === 'sitting' && view.liveView) shown.add(`liveView:${view.liveView.phase}`);
      }
    }
    // `login:starting` is the console reading its kept session, shown as the login's wait.
    expect(PROCTOR_VIEW_STATES.filter((tag) => !shown.has(tag))).toEqual([]);
  });

  for (const stage of consoleStages) {
    it(`console stage ${stage}: proctor-console/${consoleFile(stage)}.tsx, fixtures ${stage}Views, stories Console/${stage} for <exam-proctor-console>`, async () => {
      expect(componentSources).toContain(`./components/proctor-console/${consoleFile(stage)}.tsx`);
      const loadFixtures = fixtureModules[`./components/proctor-console/${consoleFile(stage)}.fixtures.ts`];
      const loadStories = storyModules[`./components/proctor-console/${consoleFile(stage)}.stories.ts`];
      expect(loadFixtures, `proctor-console/${consoleFile(stage)}.fixtures.ts is missing`).toBeDefined();
      expect(loadStories, `proctor-console/${consoleFile(stage)}.stories.ts is missing`).toBeDefined();
      const views = Object.entries(await loadFixtures!()).filter(([exportName]) => exportName.endsWith('Views'));
      expect(views.map(([exportName]) => exportName)).toEqual([`${stage}Views`]);
      const meta = (await loadStories!())['default'] as { title?: string; component?: string };
      expect(meta.title).toMatch(new RegExp(`^Console/${stage} \\S`));
      expect(meta.component).toBe('exam-proctor-console');
    });
  }

  // The administrator's console: one render module per stage in admin-console/, named like the console's.
  const adminStages = [...new Set(ADMIN_VIEW_STATES.map((tag) => tag.split(':')[0]!))];

  it('every view state of the administrator\'s console (core\'s ADMIN_VIEW_STATES, proven by its test) has a fixture, so a story', async () => {
    const shown = new Set<string>();
    for (const stage of adminStages) {
      const record = (await fixtureModules[`./components/admin-console/${consoleFile(stage)}.fixtures.ts`]?.())?.[`${stage}Views`];
      for (const view of Object.values((record ?? {}) as Record<string, AdminView>)) shown.add(`${view.stage}:${view.phase}`);
    }
    // `login:starting` is the console reading (or ending) its kept session, shown as the login's wait.
    expect(ADMIN_VIEW_STATES.filter((tag) => !shown.has(tag))).toEqual([]);
  });

  for (const stage of adminStages) {
    it(`admin stage ${stage}: admin-console/${consoleFile(stage)}.tsx, fixtures ${stage}Views, stories Admin/${stage} for <exam-admin-console>`, async () => {
      expect(componentSources).toContain(`./components/admin-console/${consoleFile(stage)}.tsx`);
      const loadFixtures = fixtureModules[`./components/admin-console/${consoleFile(stage)}.fixtures.ts`];
      const loadStories = storyModules[`./components/admin-console/${consoleFile(stage)}.stories.ts`];
      expect(loadFixtures, `admin-console/${consoleFile(stage)}.fixtures.ts is missing`).toBeDefined();
      expect(loadStories, `admin-console/${consoleFile(stage)}.stories.ts is missing`).toBeDefined();
      const views = Object.entries(await loadFixtures!()).filter(([exportName]) => exportName.endsWith('Views'));
      expect(views.map(([exportName]) => exportName)).toEqual([`${stage}Views`]);
      expect(new Set(Object.values(views[0]![1] as Record<string, AdminView>).map((view) => view.stage))).toEqual(new Set([stage]));
      const meta = (await loadStories!())['default'] as { title?: string; component?: string };
      expect(meta.title).toMatch(new RegExp(`^Admin/${stage} \\S`));
      expect(meta.component).toBe('exam-admin-console');
    });
  }

  for (const folder of [...new Set(componentSources.map(folderOf))]) {
    it(`${folder} has stories with a Default story`, async () => {
      const paths = Object.keys(storyModules).filter((path) => folderOf(path) === folder);
      expect(paths, `no *.stories.ts in ${folder}`).not.toEqual([]);
      // The shell's stories start a service worker when rendered; importing them is enough to check they exist.
      const defaults = await Promise.all(paths.map(async (path) => 'Default' in (await storyModules[path]!())));
      expect(defaults.some(Boolean), `no Default story in ${folder}`).toBe(true);
    });
  }
});
