import { describe, expect, it } from 'vitest';
import { answeringViews } from '../components/answering/answering.fixtures';
import { viewControls, viewFieldArgs, viewFromArgs } from './view-controls';

describe('controls per field of a stage view', () => {
  const argTypes = viewControls(answeringViews);

  it('derives a control from the fixtures for each primitive field, and hides the JSON view', () => {
    expect(argTypes['view']).toEqual({ table: { disable: true } });
    expect(argTypes['view_online']?.control).toBe('boolean');
    expect(argTypes['view_deadline']?.control).toBe('number');
    expect(argTypes['view_timeZone']?.control).toBe('text');
    expect(argTypes['view_questions_phase']).toMatchObject({ control: 'select', options: expect.arrayContaining(['loading', 'shown', 'failed']) });
    expect(argTypes['view_recording_phase']?.options).toEqual(expect.arrayContaining(['ok', 'screenLost', 'resharing', 'cameraLost', 'reopeningCamera']));
    // error is null in most fixtures and a code in some: a select with (null), mapped back to null.
    expect(argTypes['view_error']).toMatchObject({ control: 'select', options: expect.arrayContaining(['(null)']), mapping: { '(null)': null } });
  });

  it('gives a story the args of its own view, and rebuilds exactly that view from them', () => {
    const view = answeringViews.questionsFailed;
    const args: Record<string, unknown> = { view, ...viewFieldArgs({ initialArgs: { view }, argTypes }) };
    expect(args['view_questions_phase']).toBe('failed');
    expect(args['view_online']).toBe(view.online);
    // What render gets (Storybook applies the mapping): the same view.
    const mapped = Object.fromEntries(Object.entries(args).map(([key, value]) => [key, value === '(null)' ? null : value]));
    expect(viewFromArgs({ ...mapped, view })).toEqual(view);
  });

  it('sets a changed control in the view, leaving the rest as it was', () => {
    const view = answeringViews.shown;
    const changed = viewFromArgs({ view, view_online: !view.online, view_questions_phase: 'loading' });
    expect(changed.online).toBe(!view.online);
    expect(changed.questions).toEqual({ ...view.questions, phase: 'loading' });
    expect(changed.recording).toBe(view.recording);
    expect(view.questions.phase).toBe('shown');
  });
});
