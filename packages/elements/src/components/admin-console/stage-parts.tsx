/** What the administrator console's stages share: the props each render function gets, and the forms' pieces. */
import { h, type FunctionalComponent } from '@stencil/core';
import { interpolate, type AdminConsoleMessages, type AdminExamHeader, type ErrorCode, type Messages } from '@examroom/core';
import type { AdminCommandDetail } from './admin-console-interface';

/** What <exam-admin-console> gives the render function of the stage on show. */
export interface StageProps<V> {
  readonly view: V;
  /** The console's words (core's ADMIN_CONSOLE_LOCALES) … */
  readonly m: AdminConsoleMessages;
  /** … and the shared ones (errors). */
  readonly messages: Messages;
  /** The zone of times that belong to no exam (the audit log): the attribute `time-zone`, else Beijing time. */
  readonly timeZone: string;
  /** Sends a `user.*` command to the machine. */
  readonly send: (command: AdminCommandDetail) => void;
}

/** A refusal in the console's words when it has some (the shared error words speak to the candidate). */
export function refusalText(m: AdminConsoleMessages, messages: Messages, error: ErrorCode): string {
  return m.refusals[error] ?? messages.errors[error];
}

/** The id of a form's error, which the fields it is about name in aria-describedby. */
export const formErrorId = (form: string) => `${form}-error`;

/**
 * A field's accessibility attributes: its id and name, invalid and described by the form's error when the error is
 * about it, and by its hint.
 */
export function fieldAttributes(form: string, name: string, options: { readonly invalid?: boolean; readonly hint?: boolean } = {}) {
  const describedBy = [options.invalid ? formErrorId(form) : null, options.hint ? `${form}-${name}-hint` : null].filter(Boolean).join(' ');
  return {
    id: `${form}-${name}`,
    name,
    'aria-invalid': options.invalid ? 'true' : 'false',
    ...(describedBy ? { 'aria-describedby': describedBy } : {}),
  };
}

export const Hint: FunctionalComponent<{ readonly form: string; readonly name: string }> = ({ form, name }, children) => (
  <span id={`${form}-${name}-hint`} class="hint">
    {children}
  </span>
);

/** The form's refusal, an alert the console moves focus to (and its fields name). */
export const FormError: FunctionalComponent<{ readonly form: string; readonly text: string | null }> = ({ form, text }) =>
  text ? (
    <p id={formErrorId(form)} class="alert form-error" role="alert" tabindex={-1}>
      {text}
    </p>
  ) : null;

/** Reads a form's fields by name, as typed. */
export function formReader(event: Event) {
  event.preventDefault();
  const form = event.target as HTMLFormElement;
  const element = (name: string) => form.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | null;
  return {
    text: (name: string) => element(name)?.value ?? '',
    checked: (name: string) => (element(name) as HTMLInputElement | null)?.checked ?? false,
    /** Every checked box of that name, by value. */
    values: (name: string) => [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map((input) => input.value),
  };
}

/** A whole number of minutes typed, in ms; null when empty or not a positive number. */
export function minutesToMs(text: string): number | null {
  const minutes = Number(text);
  return text.trim() !== '' && Number.isFinite(minutes) && minutes >= 0 ? Math.round(minutes * 60_000) : null;
}

/** The status line of a stage while it reads. */
export const Loading: FunctionalComponent<{ readonly text: string }> = ({ text }) => (
  <p class="status" role="status">
    {text}
  </p>
);

/** A read that failed: its error and 重试. */
export const Failed: FunctionalComponent<{ readonly error: ErrorCode | null; readonly m: AdminConsoleMessages; readonly messages: Messages; readonly send: StageProps<unknown>['send'] }> = ({
  error,
  m,
  messages,
  send,
}) => (
  <div>
    {error ? (
      <p class="alert" role="alert">
        {messages.errors[error]}
      </p>
    ) : null}
    <div class="actions">
      <button type="button" onClick={() => send({ type: 'user.retry' })}>
        {m.retry}
      </button>
    </div>
  </div>
);

/** One exam's name, the way back to the exams, and its tabs (场次, 面试题目, 考生名单, 结果导出). */
export const ExamTabs: FunctionalComponent<{ readonly header: AdminExamHeader; readonly current: AdminExamHeader['tabs'][number]; readonly m: AdminConsoleMessages; readonly send: StageProps<unknown>['send'] }> = ({
  header,
  current,
  m,
  send,
}) => (
  <div class="exam-header">
    <button type="button" class="link" onClick={() => send({ type: 'user.navigate', section: 'exams' })}>
      {m.exams.back}
    </button>
    {header.exam ? <p class="exam-title">{header.exam.title}</p> : null}
    {header.exam?.questions === 0 ? (
      <p class="alert" data-no-questions>
        {m.exams.noQuestionsWarning}
      </p>
    ) : null}
    <nav aria-label={m.exams.tabsLabel}>
      <ul class="tabs">
        {header.tabs.map((tab) => (
          <li key={tab}>
            <button type="button" aria-current={tab === current ? 'page' : 'false'} data-tab={tab} onClick={() => send({ type: 'user.openTab', tab })}>
              {m.exams.tabs[tab]}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  </div>
);

/** 删除 of one record: the button, or while it awaits confirmation the question with 确认删除 and 取消. */
export const DeleteControl: FunctionalComponent<{
  readonly name: string;
  readonly id: string;
  readonly phase: string;
  readonly deleting: string | null;
  readonly disabled: boolean;
  readonly disabledReason?: string;
  readonly onDelete: () => void;
  readonly m: AdminConsoleMessages;
  readonly send: StageProps<unknown>['send'];
}> = ({ name, id, phase, deleting, disabled, disabledReason, onDelete, m, send }) =>
  deleting === id && phase === 'confirming' ? (
    <span class="confirm-delete" role="group" aria-label={interpolate(m.confirmDeleteOf, { name })}>
      <span>{interpolate(m.confirmDeleteOf, { name })}</span>
      <button type="button" class="danger" data-confirm onClick={() => send({ type: 'user.confirm' })}>
        {m.confirmDelete}
      </button>
      <button type="button" onClick={() => send({ type: 'user.cancel' })}>
        {m.cancel}
      </button>
    </span>
  ) : (
    <button type="button" class="danger" disabled={disabled} title={disabledReason} onClick={onDelete}>
      {deleting === id && phase === 'saving' ? m.deleting : m.delete}
    </button>
  );
