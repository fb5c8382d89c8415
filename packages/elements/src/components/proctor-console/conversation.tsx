/**
 * One candidate's 求助 conversation, beside the grid: the history (the candidate's messages and the supervisors'),
 * the quick replies (a click puts one in the field, to send as it is or edited), the supervisor's own list of them
 * (edited one a line, kept in this browser), and the reply field. A reply that failed stays in the field.
 */
import { h, type FunctionalComponent } from '@stencil/core';
import { interpolate, type ConversationView } from '@examroom/core';
import { ErrorAlert } from '../../utils/error-alert';
import { formatTimeOfDay } from '../../utils/i18n';
import type { ReplyFieldState } from './sitting';
import type { StageProps } from './stage-parts';

export const REPLY_FIELD_ID = 'reply';

export const Conversation: FunctionalComponent<StageProps<ConversationView> & { reply: ReplyFieldState }> = ({ view, m, messages, timeZone, send, reply }) => {
  const quickReplies = view.quickReplies ?? m.conversation.defaultQuickReplies;
  const text = reply.typed ?? view.draft;
  const sending = view.phase === 'sending';
  const name = view.candidate?.name ?? view.candidateId;
  const submit = (event: Event) => {
    event.preventDefault();
    send({ type: 'user.reply', text });
    // The field shows the machine's draft from now: the text while it is sent, kept if it failed, empty once sent.
    reply.onType(null);
  };
  return (
    <aside part="conversation" class="conversation" aria-labelledby="conversation-heading">
      <div class="conversation-head">
        <h3 id="conversation-heading">{interpolate(m.conversation.title, { name })}</h3>
        <button type="button" class="close" onClick={() => send({ type: 'user.closeConversation' })}>
          {m.conversation.close}
        </button>
      </div>
      {view.phase === 'loading' ? (
        <p class="status" role="status">
          {m.conversation.loading}
        </p>
      ) : null}
      {view.phase === 'failed' ? (
        <div class="actions">
          <ErrorAlert error={view.error} messages={messages} />
          <button type="button" onClick={() => send({ type: 'user.retry' })}>
            {m.retry}
          </button>
        </div>
      ) : null}
      {view.phase !== 'loading' && view.phase !== 'failed' ? [
        view.messages.length === 0 ? (
          <p class="muted empty">{m.conversation.empty}</p>
        ) : (
          <ol class="messages" aria-live="polite">
            {view.messages.map((message) => (
              <li key={message.id} class={{ message: true, mine: message.from === 'supervisor' }}>
                <span class="from">{message.from === 'supervisor' ? m.conversation.fromSupervisor : m.conversation.fromCandidate}</span>{' '}
                <time class="muted" dateTime={new Date(message.at).toISOString()}>
                  {formatTimeOfDay(messages, message.at, timeZone)}
                </time>
                <p class="text">{message.text}</p>
              </li>
            ))}
          </ol>
        ),
        reply.editing === null ? (
          <div class="quick-replies" role="group" aria-label={m.conversation.quickReplies}>
            {quickReplies.map((quick) => (
              <button type="button" class="quick" onClick={() => reply.onType(quick)}>
                {quick}
              </button>
            ))}
            <button type="button" class="edit-quick" onClick={() => reply.onEdit(quickReplies.join('\n'))}>
              {m.conversation.editQuickReplies}
            </button>
          </div>
        ) : (
          <div class="quick-editor">
            <label htmlFor="quick-replies">{m.conversation.editQuickReplies}</label>
            <p class="muted hint">{m.conversation.quickRepliesHint}</p>
            <textarea id="quick-replies" rows={5} value={reply.editing} onInput={(event) => reply.onEdit((event.target as HTMLTextAreaElement).value)}></textarea>
            <div class="actions">
              <button type="button" onClick={() => reply.onEdit(null)}>
                {m.conversation.cancel}
              </button>
              <button
                type="button"
                class="primary save-quick"
                onClick={() => {
                  send({ type: 'user.editQuickReplies', replies: (reply.editing ?? '').split('\n') });
                  reply.onEdit(null);
                }}
              >
                {m.conversation.save}
              </button>
            </div>
          </div>
        ),
        <form class="reply-form" onSubmit={submit}>
          <label htmlFor={REPLY_FIELD_ID}>{m.conversation.replyLabel}</label>
          <textarea id={REPLY_FIELD_ID} rows={3} maxLength={2000} value={text} disabled={sending} onInput={(event) => reply.onType((event.target as HTMLTextAreaElement).value)}></textarea>
          <ErrorAlert error={view.error} messages={messages} />
          <div class="actions">
            <button type="submit" class="primary send" disabled={sending || text.trim() === ''}>
              {sending ? m.conversation.sending : m.conversation.send}
            </button>
          </div>
        </form>,
      ] : null}
    </aside>
  );
};
