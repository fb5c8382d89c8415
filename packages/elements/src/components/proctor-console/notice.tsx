/**
 * 发送通知: a notice to every candidate of the sitting, above the grid. The field is the browser's own (keyed by the
 * last notice sent, so that it empties once one is sent and keeps its text when sending failed); the console says how
 * many candidates got the notice.
 */
import { h, type FunctionalComponent } from '@stencil/core';
import { interpolate, type NoticeView } from '@examroom/core';
import { ErrorAlert } from '../../utils/error-alert';
import type { StageProps } from './stage-parts';

export const NOTICE_FIELD_ID = 'notice';

export const Notice: FunctionalComponent<StageProps<NoticeView>> = ({ view, m, messages, send }) => {
  const sending = view.phase === 'sending';
  const submit = (event: Event) => {
    event.preventDefault();
    const text = new FormData(event.target as HTMLFormElement).get('text');
    send({ type: 'user.sendNotice', text: typeof text === 'string' ? text : '' });
  };
  return (
    <form class="notice-form" onSubmit={submit} aria-label={m.notice.title}>
      <label htmlFor={NOTICE_FIELD_ID}>{m.notice.label}</label>
      <textarea key={`notice-${view.sent?.id ?? 'none'}`} id={NOTICE_FIELD_ID} name="text" rows={2} maxLength={2000} placeholder={m.notice.placeholder} disabled={sending}></textarea>
      <div class="actions">
        <button type="submit" class="primary send-notice" disabled={sending}>
          {sending ? m.notice.sending : m.notice.send}
        </button>
        {view.phase === 'sent' && view.sent ? (
          <p class="notice-sent" role="status">
            {interpolate(m.notice.sent, { count: view.sent.candidates })}
          </p>
        ) : null}
      </div>
      <ErrorAlert error={view.error} messages={messages} />
    </form>
  );
};
