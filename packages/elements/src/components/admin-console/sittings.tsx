/**
 * 场次 of one exam: each sitting's start and entry time in the exam's own zone, its candidates and how many entered;
 * 新建场次 and 编辑 open the form (name, start, entry time, answer time of the sitting), 删除 while it has no
 * candidates. A sitting whose candidates entered offers its name only; the server's refusals (SITTING_IN_PAST,
 * SITTING_IN_USE) show in the form, tied to the start.
 */
import { h, type FunctionalComponent } from '@stencil/core';
import { DEFAULT_TIME_ZONE, instantOfWallTime, interpolate, wallTimeOf, type AdminPolicy, type AdminSitting, type AdminSittingsView } from '@examroom/core';
import { formatDateTime } from '../../utils/i18n';
import { StageSection } from '../../utils/stage-section';
import { DeleteControl, ExamTabs, Failed, fieldAttributes, FormError, formReader, Hint, Loading, minutesToMs, refusalText, type StageProps } from './stage-parts';

export const Sittings: FunctionalComponent<StageProps<AdminSittingsView>> = (props) => {
  const { view, m, send } = props;
  const timeZone = view.exam?.timeZone ?? DEFAULT_TIME_ZONE;
  const editing = view.editing === 'new' ? null : (view.sittings.find((s) => s.id === view.editing) ?? null);
  return (
    <StageSection heading={m.sittings.title} class="sittings">
      <ExamTabs header={view} current="sittings" m={m} send={send} />
      {view.phase === 'loading' ? <Loading text={m.loading} /> : null}
      {view.phase === 'failed' ? <Failed {...props} error={view.error} /> : null}
      {view.phase === 'list' || view.phase === 'confirming' || view.phase === 'saving' ? (
        <div class="stage-body">
          {view.editing === null ? (
            <div class="toolbar">
              <button type="button" class="primary" disabled={view.phase !== 'list'} onClick={() => send({ type: 'user.edit', id: 'new' })}>
                {m.sittings.create}
              </button>
            </div>
          ) : (
            <SittingForm {...props} sitting={editing} timeZone={timeZone} />
          )}
          {/* A refusal of 删除 (no form is open for it) shows above the table. */}
          {view.editing === null && view.formError ? <FormError form="sitting" text={refusalText(m, props.messages, view.formError)} /> : null}
          {view.sittings.length === 0 ? <p class="muted">{m.sittings.empty}</p> : <SittingTable {...props} timeZone={timeZone} />}
        </div>
      ) : null}
    </StageSection>
  );
};

const SittingTable: FunctionalComponent<StageProps<AdminSittingsView>> = ({ view, m, messages, send, timeZone }) => (
  <table class="records">
    <caption class="visually-hidden">{m.sittings.title}</caption>
    <thead>
      <tr>
        <th scope="col">{m.sittings.columns.name}</th>
        <th scope="col">{m.sittings.columns.startsAt}</th>
        <th scope="col">{m.sittings.columns.entryOpensAt}</th>
        <th scope="col">{m.sittings.columns.candidates}</th>
        <th scope="col">{m.sittings.columns.entered}</th>
        <td />
      </tr>
    </thead>
    <tbody>
      {view.sittings.map((sitting) => (
        <tr key={sitting.id} data-sitting={sitting.id}>
          <th scope="row">{sitting.name}</th>
          <td>
            <time dateTime={new Date(sitting.startsAt).toISOString()}>{formatDateTime(messages, sitting.startsAt, timeZone)}</time>
          </td>
          <td>{sitting.entryOpensAt === undefined ? m.sittings.entryDefault : formatDateTime(messages, sitting.entryOpensAt, timeZone)}</td>
          <td>{sitting.candidates}</td>
          <td>{sitting.entered}</td>
          <td class="row-actions">
            <button type="button" disabled={view.editing !== null || view.phase !== 'list'} onClick={() => send({ type: 'user.edit', id: sitting.id })}>
              {m.edit}
            </button>
            <DeleteControl
              name={sitting.name}
              id={sitting.id}
              phase={view.phase}
              deleting={view.deleting}
              disabled={sitting.candidates > 0 || view.editing !== null || view.phase !== 'list'}
              {...(sitting.candidates > 0 ? { disabledReason: m.sittings.hasCandidates } : {})}
              onDelete={() => send({ type: 'user.save', write: { kind: 'deleteSitting', sittingId: sitting.id } })}
              m={m}
              send={send}
            />
          </td>
        </tr>
      ))}
    </tbody>
  </table>
);

const SittingForm: FunctionalComponent<StageProps<AdminSittingsView> & { readonly sitting: AdminSitting | null }> = ({ view, m, messages, send, sitting, timeZone }) => {
  const busy = view.phase === 'saving';
  const fixed = (sitting?.entered ?? 0) > 0;
  const error = view.formError;
  const startInvalid = error === 'SITTING_IN_PAST' || error === 'SITTING_IN_USE';
  const submit = (event: Event) => {
    const form = formReader(event);
    // A time left as shown keeps its instant (the field shows minutes; the server compares to the millisecond).
    const instant = (field: string, shown: number | undefined) => {
      const wall = form.text(field);
      return shown !== undefined && wall === wallTimeOf(shown, timeZone) ? shown : instantOfWallTime(wall, timeZone);
    };
    const startsAt = instant('startsAt', sitting?.startsAt) ?? 0;
    const entryOpensAt = instant('entryOpensAt', sitting?.entryOpensAt);
    const answerMs = minutesToMs(form.text('answerMinutes'));
    const { answerMs: _previous, ...otherRules } = sitting?.policy ?? {};
    const policy: AdminPolicy = { ...otherRules, ...(answerMs ? { answerMs } : {}) };
    send({
      type: 'user.save',
      write: {
        kind: 'sitting',
        sittingId: sitting?.id ?? null,
        sitting: { name: form.text('name').trim(), startsAt, ...(entryOpensAt === null ? {} : { entryOpensAt }), ...(Object.keys(policy).length > 0 ? { policy } : {}) },
      },
    });
  };
  return (
    <form key={view.editing ?? ''} class="record-form" onSubmit={submit} aria-labelledby="sitting-form-title" aria-busy={busy ? 'true' : 'false'}>
      <h3 id="sitting-form-title">{sitting ? interpolate(m.sittings.editTitle, { name: sitting.name }) : m.sittings.newTitle}</h3>
      {fixed ? <p class="muted">{m.sittings.inUse}</p> : null}
      <label htmlFor="sitting-name">{m.sittings.fields.name}</label>
      <input {...fieldAttributes('sitting', 'name')} required maxLength={100} value={sitting?.name ?? ''} disabled={busy} />
      <label htmlFor="sitting-startsAt">{m.sittings.fields.startsAt}</label>
      <input
        {...fieldAttributes('sitting', 'startsAt', { invalid: startInvalid, hint: true })}
        type="datetime-local"
        required
        value={sitting ? wallTimeOf(sitting.startsAt, timeZone) : ''}
        disabled={busy || fixed}
      />
      <Hint form="sitting" name="startsAt">
        {interpolate(m.sittings.fields.zoneHint, { timeZone })}
      </Hint>
      <label htmlFor="sitting-entryOpensAt">{m.sittings.fields.entryOpensAt}</label>
      <input
        {...fieldAttributes('sitting', 'entryOpensAt', { invalid: error === 'VALIDATION_FAILED' })}
        type="datetime-local"
        value={sitting?.entryOpensAt === undefined ? '' : wallTimeOf(sitting.entryOpensAt, timeZone)}
        disabled={busy || fixed}
      />
      <label htmlFor="sitting-answerMinutes">{m.sittings.fields.answerMinutes}</label>
      <input
        {...fieldAttributes('sitting', 'answerMinutes')}
        type="number"
        min={1}
        step={1}
        value={sitting?.policy.answerMs === undefined ? '' : String(sitting.policy.answerMs / 60_000)}
        disabled={busy || fixed}
      />
      <FormError form="sitting" text={error ? refusalText(m, messages, error) : null} />
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
