/**
 * 面试题目 of one exam: its question sets, the exam's and each sitting's, with their questions in order; 新建题目套
 * and 编辑 open the form (name, the sitting it is for or the whole exam, the questions one a line), 删除 removes one.
 * SITTING_IN_USE (a candidate who may get the set entered) shows in the form.
 */
import { h, type FunctionalComponent } from '@stencil/core';
import { interpolate, type AdminQuestionSet, type AdminQuestionSetsView } from '@examroom/core';
import { StageSection } from '../../utils/stage-section';
import { DeleteControl, ExamTabs, Failed, fieldAttributes, FormError, formReader, Hint, Loading, refusalText, type StageProps } from './stage-parts';

export const QuestionSets: FunctionalComponent<StageProps<AdminQuestionSetsView>> = (props) => {
  const { view, m, messages, send } = props;
  const editing = view.editing === 'new' ? null : (view.sets.find((set) => set.id === view.editing) ?? null);
  const scopeOf = (set: AdminQuestionSet) => (set.sittingId === undefined ? m.questionSets.wholeExam : (view.sittings.find((s) => s.id === set.sittingId)?.name ?? set.sittingId));
  return (
    <StageSection heading={m.questionSets.title} class="question-sets">
      <ExamTabs header={view} current="questionSets" m={m} send={send} />
      <p class="muted">{m.questionSets.intro}</p>
      {view.phase === 'loading' ? <Loading text={m.loading} /> : null}
      {view.phase === 'failed' ? <Failed {...props} error={view.error} /> : null}
      {view.phase === 'list' || view.phase === 'confirming' || view.phase === 'saving' ? (
        <div class="stage-body">
          {view.editing === null ? (
            <div class="toolbar">
              <button type="button" class="primary" disabled={view.phase !== 'list'} onClick={() => send({ type: 'user.edit', id: 'new' })}>
                {m.questionSets.create}
              </button>
            </div>
          ) : (
            <QuestionSetForm {...props} set={editing} />
          )}
          {view.editing === null && view.formError ? <FormError form="questionSet" text={refusalText(m, messages, view.formError)} /> : null}
          {view.sets.length === 0 ? (
            <p class="muted">{m.questionSets.empty}</p>
          ) : (
            <ul class="set-list">
              {view.sets.map((set) => (
                <li key={set.id} data-set={set.id}>
                  <h3 class="set-name">{set.name}</h3>
                  <p class="muted">
                    {m.questionSets.scope}: {scopeOf(set)} · {interpolate(m.questionSets.questionCount, { count: set.questions.length })}
                  </p>
                  <ol>
                    {set.questions.map((question) => (
                      <li key={question.id}>{question.text}</li>
                    ))}
                  </ol>
                  <div class="row-actions">
                    <button type="button" disabled={view.editing !== null || view.phase !== 'list'} onClick={() => send({ type: 'user.edit', id: set.id })}>
                      {m.edit}
                    </button>
                    <DeleteControl
                      name={set.name}
                      id={set.id}
                      phase={view.phase}
                      deleting={view.deleting}
                      disabled={view.editing !== null || view.phase !== 'list'}
                      onDelete={() => send({ type: 'user.save', write: { kind: 'deleteQuestionSet', setId: set.id } })}
                      m={m}
                      send={send}
                    />
                  </div>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </StageSection>
  );
};

const QuestionSetForm: FunctionalComponent<StageProps<AdminQuestionSetsView> & { readonly set: AdminQuestionSet | null }> = ({ view, m, messages, send, set }) => {
  const busy = view.phase === 'saving';
  const error = view.formError;
  const submit = (event: Event) => {
    const form = formReader(event);
    const sittingId = form.text('sittingId');
    const questions = form
      .text('questions')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
    send({ type: 'user.save', write: { kind: 'questionSet', setId: set?.id ?? null, set: { name: form.text('name').trim(), ...(sittingId ? { sittingId } : {}), questions } } });
  };
  return (
    <form key={view.editing ?? ''} class="record-form" onSubmit={submit} aria-labelledby="set-form-title" aria-busy={busy ? 'true' : 'false'}>
      <h3 id="set-form-title">{set ? interpolate(m.questionSets.editTitle, { name: set.name }) : m.questionSets.newTitle}</h3>
      <label htmlFor="questionSet-name">{m.questionSets.fields.name}</label>
      <input {...fieldAttributes('questionSet', 'name')} required maxLength={100} value={set?.name ?? ''} disabled={busy} />
      <label htmlFor="questionSet-sittingId">{m.questionSets.fields.sitting}</label>
      <select {...fieldAttributes('questionSet', 'sittingId', { invalid: error === 'SITTING_IN_USE' })} disabled={busy}>
        <option value="" selected={set?.sittingId === undefined}>
          {m.questionSets.wholeExam}
        </option>
        {view.sittings.map((sitting) => (
          <option key={sitting.id} value={sitting.id} selected={set?.sittingId === sitting.id}>
            {sitting.name}
          </option>
        ))}
      </select>
      <label htmlFor="questionSet-questions">{m.questionSets.fields.questions}</label>
      <textarea {...fieldAttributes('questionSet', 'questions', { invalid: error === 'VALIDATION_FAILED', hint: true })} required rows={6} disabled={busy}>
        {set?.questions.map((q) => q.text).join('\n') ?? ''}
      </textarea>
      <Hint form="questionSet" name="questions">
        {m.questionSets.fields.questionsHint}
      </Hint>
      <FormError form="questionSet" text={error ? refusalText(m, messages, error) : null} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? m.saving : m.save}
        </button>
        <button type="button" disabled={busy} onClick={() => send({ type: 'user.cancelEdit' })}>
          {m.cancel}
        </button>
      </div>
    </form>
  );
};
