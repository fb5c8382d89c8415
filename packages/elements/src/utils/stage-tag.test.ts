/// <reference types="vite/client" />
import { STAGES, type ExamView } from '@examroom/core';
import { describe, expect, it } from 'vitest';
import { stageTag } from './stage-tag';

const componentSources = import.meta.glob<string>('../components/*/*.tsx', { query: '?raw', import: 'default', eager: true });
const VIEW_STAGES: readonly ExamView['stage'][] = [...STAGES, 'barred'];

/** The tag each component file declares in its @Component decorator. */
const declaredTags = new Map(
  Object.entries(componentSources).flatMap(([path, source]) => {
    const tag = /@Component\(\{\s*tag:\s*'([^']+)'/.exec(source)?.[1];
    return tag ? [[tag, path] as const] : [];
  }),
);

describe('stageTag', () => {
  it('names a stage\'s tag after the stage, in kebab case', () => {
    expect(stageTag('awaitingEntry')).toBe('exam-awaiting-entry');
    expect(stageTag('checkingDevices')).toBe('exam-checking-devices');
    expect(stageTag('login')).toBe('exam-login');
    expect(stageTag('barred')).toBe('exam-barred');
  });

  it('finds a component for every stage, in the folder and file of the same name', () => {
    expect(declaredTags.size).toBeGreaterThan(VIEW_STAGES.length);
    for (const stage of VIEW_STAGES) {
      const name = stageTag(stage).slice('exam-'.length);
      expect(declaredTags.get(stageTag(stage)), stage).toBe(`../components/${name}/${name}.tsx`);
    }
  });

  it('every component, stage or primitive, is exam-<folder> in <folder>/<folder>.tsx', () => {
    for (const [tag, path] of declaredTags) {
      const name = tag.slice('exam-'.length);
      expect(path).toBe(`../components/${name}/${name}.tsx`);
    }
  });
});
