/**
 * 考试: every exam with its time zone, sittings and rules; 新建考试 and 编辑 open the form (title, time zone, 佐证视频
 * required, 人脸登录, answer time, late cutoff, maximum bitrate); each exam opens its sittings and question sets.
 */
import { h, type FunctionalComponent } from '@stencil/core';
import { DEFAULT_POLICY, DEFAULT_TIME_ZONE, interpolate, type AdminExam, type AdminExamsView, type AdminPolicy } from '@examroom/core';
import { StageSection } from '../../utils/stage-section';
import { withPolicyChanges } from './policy-fields';
import { Failed, fieldAttributes, FormError, formReader, Hint, Loading, minutesToMs, refusalText, type StageProps } from './stage-parts';

/** The zones the browser knows, offered while typing (the server checks the zone either way). */
const knownZones = (): readonly string[] => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [DEFAULT_TIME_ZONE]);

/** What applies of a policy: its own values, else the server's defaults. */
const applying = (policy: AdminPolicy): Required<AdminPolicy> => ({ ...DEFAULT_POLICY, ...policy });

export const Exams: FunctionalComponent<StageProps<AdminExamsView>> = (props) => {
  const { view, m, send } = props;
  const editing = view.editing === 'new' ? null : (view.exams.find((exam) => exam.id === view.editing) ?? null);
  return (
    <StageSection heading={m.exams.title} class="exams">
      {view.phase === 'loading' ? <Loading text={m.loading} /> : null}
      {view.phase === 'failed' ? <Failed {...props} error={view.error} /> : null}
      {view.phase === 'list' || view.phase === 'saving' ? (
        <div class="stage-body">
          {view.editing === null ? (
            <div class="toolbar">
              <button type="button" class="primary" onClick={() => send({ type: 'user.edit', id: 'new' })}>
                {m.exams.create}
              </button>
            </div>
          ) : (
            <ExamForm {...props} exam={editing} />
          )}
          {view.exams.length === 0 ? <p class="muted">{m.exams.empty}</p> : <ExamTable {...props} />}
        </div>
      ) : null}
    </StageSection>
  );
};

const ExamTable: FunctionalComponent<StageProps<AdminExamsView>> = ({ view, m, send }) => (
  <table class="records">
    <caption class="visually-hidden">{m.exams.title}</caption>
    <thead>
      <tr>
        <th scope="col">{m.exams.columns.title}</th>
        <th scope="col">{m.exams.columns.timeZone}</th>
        <th scope="col">{m.exams.columns.sittings}</th>
        <th scope="col">{m.exams.columns.questions}</th>
        <th scope="col">{m.exams.columns.policy}</th>
        <td />
      </tr>
    </thead>
    <tbody>
      {view.exams.map((exam) => {
        const policy = applying(exam.policy);
        return (
          <tr key={exam.id} data-exam={exam.id}>
            <th scope="row">{exam.title}</th>
            <td>{exam.timeZone}</td>
            <td>{interpolate(m.exams.sittingCount, { count: exam.sittings })}</td>
            <td class={{ warning: exam.questions === 0 }}>{exam.questions === 0 ? m.exams.noQuestions : interpolate(m.exams.questionCount, { count: exam.questions })}</td>
            <td>
              {[
                policy.requireEvidence ? m.exams.policySummary.evidence : m.exams.policySummary.noEvidence,
                policy.faceLogin ? m.exams.policySummary.face : m.exams.policySummary.noFace,
                interpolate(m.exams.policySummary.answer, { minutes: Math.round(policy.answerMs / 60_000) }),
              ].join(' · ')}
            </td>
            <td class="row-actions">
              <button type="button" disabled={view.editing !== null} onClick={() => send({ type: 'user.edit', id: exam.id })}>
                {m.edit}
              </button>
              <button type="button" class="primary" onClick={() => send({ type: 'user.openExam', examId: exam.id })}>
                {m.exams.open}
              </button>
            </td>
          </tr>
        );
      })}
    </tbody>
  </table>
);

const ExamForm: FunctionalComponent<StageProps<AdminExamsView> & { readonly exam: AdminExam | null }> = ({ view, m, messages, send, exam }) => {
  const busy = view.phase === 'saving';
  const policy = applying(exam?.policy ?? {});
  const error = view.formError;
  const attrs = (name: string, invalid = false, hint = false) => fieldAttributes('exam', name, { invalid, hint });
  const submit = (event: Event) => {
    const form = formReader(event);
    const mbps = Number(form.text('maxBitrateMbps'));
    const answerMs = minutesToMs(form.text('answerMinutes'));
    const lateEntryCutoffMs = minutesToMs(form.text('lateEntryMinutes'));
    const changes: Partial<AdminPolicy> = {
      requireEvidence: form.checked('requireEvidence'),
      faceLogin: form.checked('faceLogin'),
      ...(answerMs ? { answerMs } : {}),
      ...(lateEntryCutoffMs !== null ? { lateEntryCutoffMs } : {}),
      ...(mbps > 0 ? { maxBitrateBps: Math.round(mbps * 1_000_000) } : {}),
    };
    send({
      type: 'user.save',
      write: { kind: 'exam', examId: exam?.id ?? null, exam: { title: form.text('title').trim(), timeZone: form.text('timeZone').trim(), policy: withPolicyChanges(exam?.policy ?? {}, policy, changes) } },
    });
  };
  return (
    <form key={view.editing ?? ''} class="record-form" onSubmit={submit} aria-labelledby="exam-form-title" aria-busy={busy ? 'true' : 'false'}>
      <h3 id="exam-form-title">{exam ? interpolate(m.exams.editTitle, { title: exam.title }) : m.exams.newTitle}</h3>
      <label htmlFor="exam-title">{m.exams.fields.title}</label>
      <input {...attrs('title')} required maxLength={200} value={exam?.title ?? ''} disabled={busy} />
      <label htmlFor="exam-timeZone">{m.exams.fields.timeZone}</label>
      <input {...attrs('timeZone', error === 'TIME_ZONE_INVALID', true)} required list="exam-time-zones" value={exam?.timeZone ?? DEFAULT_TIME_ZONE} disabled={busy} />
      <datalist id="exam-time-zones">
        {knownZones().map((zone) => (
          <option value={zone} />
        ))}
      </datalist>
      <Hint form="exam" name="timeZone">
        {m.exams.fields.timeZoneHint}
      </Hint>
      <fieldset>
        <legend>{m.exams.fields.policy}</legend>
        <label class="check">
          <input {...attrs('requireEvidence', error === 'EXAM_IN_USE')} type="checkbox" checked={policy.requireEvidence} disabled={busy} />
          {m.exams.fields.requireEvidence}
        </label>
        <label class="check">
          <input {...attrs('faceLogin', error === 'EXAM_IN_USE')} type="checkbox" checked={policy.faceLogin} disabled={busy} />
          {m.exams.fields.faceLogin}
        </label>
        <label htmlFor="exam-answerMinutes">{m.exams.fields.answerMinutes}</label>
        <input {...attrs('answerMinutes', error === 'EXAM_IN_USE')} type="number" min={1} step={1} required value={String(policy.answerMs / 60_000)} disabled={busy} />
        <label htmlFor="exam-lateEntryMinutes">{m.exams.fields.lateEntryMinutes}</label>
        <input {...attrs('lateEntryMinutes', error === 'EXAM_IN_USE')} type="number" min={0} step={1} required value={String(policy.lateEntryCutoffMs / 60_000)} disabled={busy} />
        <label htmlFor="exam-maxBitrateMbps">{m.exams.fields.maxBitrateMbps}</label>
        <input {...attrs('maxBitrateMbps', error === 'EXAM_IN_USE')} type="number" min={0.1} step={0.1} required value={String(policy.maxBitrateBps / 1_000_000)} disabled={busy} />
      </fieldset>
      <FormError form="exam" text={error ? refusalText(m, messages, error) : null} />
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
