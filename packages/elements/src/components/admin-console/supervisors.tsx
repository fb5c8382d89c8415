/**
 * 监督员: every supervisor with what they watch and whether they may log in; 新建监督员 (a username, and what they
 * watch) answers the one-time password once, shown with 复制密码 until dismissed; 分配 opens the form of the exams and
 * sittings they watch and 停用. USERNAME_TAKEN shows in the form, tied to the username.
 */
import { h, type FunctionalComponent } from '@stencil/core';
import { interpolate, type AdminSupervisor, type AdminSupervisorsView } from '@examroom/core';
import { StageSection } from '../../utils/stage-section';
import { Failed, fieldAttributes, FormError, formReader, Hint, Loading, refusalText, type StageProps } from './stage-parts';

/** The DOM's side of the one-time password: copying it to the clipboard, and whether that was done. */
export interface PasswordCopy {
  readonly copied: boolean;
  copy(password: string): void;
}

export const Supervisors: FunctionalComponent<StageProps<AdminSupervisorsView> & { readonly passwordCopy: PasswordCopy }> = (props) => {
  const { view, m, send } = props;
  const editing = view.editing === 'new' ? null : (view.supervisors.find((s) => s.id === view.editing) ?? null);
  return (
    <StageSection heading={m.supervisors.title} class="supervisors">
      {view.phase === 'loading' ? <Loading text={m.loading} /> : null}
      {view.phase === 'failed' ? <Failed {...props} error={view.error} /> : null}
      {view.created ? <OneTimePassword {...props} /> : null}
      {view.phase === 'list' || view.phase === 'saving' ? (
        <div class="stage-body">
          {view.editing === null ? (
            <div class="toolbar">
              <button type="button" class="primary" onClick={() => send({ type: 'user.edit', id: 'new' })}>
                {m.supervisors.create}
              </button>
            </div>
          ) : (
            <SupervisorForm {...props} supervisor={editing} />
          )}
          {view.supervisors.length === 0 ? <p class="muted">{m.supervisors.empty}</p> : <SupervisorTable {...props} />}
        </div>
      ) : null}
    </StageSection>
  );
};

const OneTimePassword: FunctionalComponent<StageProps<AdminSupervisorsView> & { readonly passwordCopy: PasswordCopy }> = ({ view, m, send, passwordCopy }) =>
  view.created ? (
    <section class="one-time-password" aria-labelledby="one-time-password-title">
      <h3 id="one-time-password-title">{interpolate(m.supervisors.passwordTitle, { username: view.created.supervisor.username })}</h3>
      <p>{m.supervisors.passwordIntro}</p>
      <p>
        <code class="password" data-password>
          {view.created.password}
        </code>
      </p>
      <div class="actions">
        <button type="button" class="primary" onClick={() => passwordCopy.copy(view.created?.password ?? '')}>
          {m.supervisors.copy}
        </button>
        <span role="status">{passwordCopy.copied ? m.supervisors.copied : ''}</span>
        <button type="button" onClick={() => send({ type: 'user.dismissPassword' })}>
          {m.supervisors.dismiss}
        </button>
      </div>
    </section>
  ) : null;

const SupervisorTable: FunctionalComponent<StageProps<AdminSupervisorsView>> = ({ view, m, send }) => {
  const sittingName = new Map(Object.values(view.sittingsByExam).flatMap((sittings) => sittings.map((s) => [s.id, s.name] as const)));
  const watches = (supervisor: AdminSupervisor) =>
    [
      ...supervisor.examIds.map((id) => interpolate(m.supervisors.wholeExam, { title: view.exams.find((e) => e.id === id)?.title ?? id })),
      ...supervisor.sittingIds.map((id) => sittingName.get(id) ?? id),
    ].join('、') || m.supervisors.watchesNothing;
  return (
    <table class="records">
      <caption class="visually-hidden">{m.supervisors.title}</caption>
      <thead>
        <tr>
          <th scope="col">{m.supervisors.columns.username}</th>
          <th scope="col">{m.supervisors.columns.watches}</th>
          <th scope="col">{m.supervisors.columns.status}</th>
          <td />
        </tr>
      </thead>
      <tbody>
        {view.supervisors.map((supervisor) => (
          <tr key={supervisor.id} data-supervisor={supervisor.id} class={supervisor.disabled ? 'disabled' : ''}>
            <th scope="row">{supervisor.username}</th>
            <td>{watches(supervisor)}</td>
            <td>{supervisor.disabled ? m.supervisors.disabled : m.supervisors.active}</td>
            <td class="row-actions">
              <button type="button" disabled={view.editing !== null || view.phase === 'saving'} onClick={() => send({ type: 'user.edit', id: supervisor.id })}>
                {m.supervisors.edit}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
};

const SupervisorForm: FunctionalComponent<StageProps<AdminSupervisorsView> & { readonly supervisor: AdminSupervisor | null }> = ({ view, m, messages, send, supervisor }) => {
  const busy = view.phase === 'saving';
  const error = view.formError;
  const submit = (event: Event) => {
    const form = formReader(event);
    send({
      type: 'user.save',
      write: {
        kind: 'supervisor',
        supervisorId: supervisor?.id ?? null,
        username: supervisor?.username ?? form.text('username').trim(),
        examIds: form.values('examIds'),
        sittingIds: form.values('sittingIds'),
        disabled: form.checked('disabled'),
      },
    });
  };
  return (
    <form key={view.editing ?? ''} class="record-form" onSubmit={submit} aria-labelledby="supervisor-form-title" aria-busy={busy ? 'true' : 'false'}>
      <h3 id="supervisor-form-title">{supervisor ? interpolate(m.supervisors.editTitle, { username: supervisor.username }) : m.supervisors.newTitle}</h3>
      {supervisor ? null : (
        <div class="field">
          <label htmlFor="supervisor-username">{m.supervisors.fields.username}</label>
          <input
            {...fieldAttributes('supervisor', 'username', { invalid: error === 'USERNAME_TAKEN' || error === 'VALIDATION_FAILED', hint: true })}
            required
            maxLength={64}
            pattern="[A-Za-z0-9_.\-]+"
            autocomplete="off"
            disabled={busy}
           
          />
          <Hint form="supervisor" name="username">
            {m.supervisors.fields.usernameHint}
          </Hint>
        </div>
      )}
      <fieldset>
        <legend>{m.supervisors.fields.exams}</legend>
        {view.exams.map((exam) => (
          <label class="check" key={exam.id}>
            <input type="checkbox" name="examIds" value={exam.id} checked={supervisor?.examIds.includes(exam.id) ?? false} disabled={busy} />
            {exam.title}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{m.supervisors.fields.sittings}</legend>
        {view.exams.map((exam) =>
          (view.sittingsByExam[exam.id] ?? []).map((sitting) => (
            <label class="check" key={sitting.id}>
              <input type="checkbox" name="sittingIds" value={sitting.id} checked={supervisor?.sittingIds.includes(sitting.id) ?? false} disabled={busy} />
              {exam.title} · {sitting.name}
            </label>
          )),
        )}
      </fieldset>
      {supervisor ? (
        <label class="check">
          <input type="checkbox" name="disabled" checked={supervisor.disabled} disabled={busy} />
          {m.supervisors.fields.disabled}
        </label>
      ) : null}
      <FormError form="supervisor" text={error ? refusalText(m, messages, error) : null} />
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
