/**
 * 操作日志: every administrator's and supervisor's action, newest first — when, who (and in which role), what, on
 * which record, and its detail — filtered by who acted and by action, 加载更多 while there may be more.
 */
import { h, type FunctionalComponent } from '@stencil/core';
import type { AdminAuditView, AuditEntry } from '@examroom/core';
import { StageSection } from '../../utils/stage-section';
import { Failed, formReader, Loading, type StageProps } from './stage-parts';

/** When, to the second (several actions fall in one minute), in the console's zone. */
const formatAt = (locale: string, at: number, timeZone: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone }).format(at);

/** The detail as `key: value` pairs, values as JSON (texts the server already cut to 200 characters). */
const detailText = (entry: AuditEntry) =>
  Object.entries(entry.detail)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('; ');

export const Audit: FunctionalComponent<StageProps<AdminAuditView>> = (props) => {
  const { view, m, messages, send, timeZone } = props;
  // Whom to filter by: everyone seen on the page, and the one filtered by now.
  const actors = new Map(view.entries.map((entry) => [entry.actorId, `${entry.actorName}（${m.audit.roles[entry.actorRole] ?? entry.actorRole}）`]));
  if (view.filter.actorId && !actors.has(view.filter.actorId)) actors.set(view.filter.actorId, view.filter.actorId);
  const submit = (event: Event) => {
    const form = formReader(event);
    send({ type: 'user.filterAudit', filter: { actorId: form.text('actorId'), action: form.text('action') } });
  };
  const busy = view.phase === 'loading' || view.phase === 'loadingMore';
  return (
    <StageSection heading={m.audit.title} class="audit">
      <form class="filters-form" onSubmit={submit} aria-label={m.audit.filters}>
        <label htmlFor="audit-actorId">{m.audit.actor}</label>
        <select id="audit-actorId" name="actorId" disabled={busy}>
          <option value="">{m.audit.anyActor}</option>
          {[...actors].map(([id, name]) => (
            <option key={id} value={id} selected={view.filter.actorId === id}>
              {name}
            </option>
          ))}
        </select>
        <label htmlFor="audit-action">{m.audit.action}</label>
        <select id="audit-action" name="action" disabled={busy}>
          <option value="">{m.audit.anyAction}</option>
          {Object.entries(m.audit.actions).map(([action, words]) => (
            <option key={action} value={action} selected={view.filter.action === action}>
              {words}
            </option>
          ))}
        </select>
        <button type="submit" disabled={busy}>
          {m.audit.apply}
        </button>
      </form>
      {view.phase === 'loading' ? <Loading text={m.loading} /> : null}
      {view.phase === 'failed' ? <Failed {...props} error={view.error} /> : null}
      {view.phase === 'list' || view.phase === 'loadingMore' ? (
        <div class="stage-body">
          {view.entries.length === 0 ? (
            <p class="muted">{m.audit.empty}</p>
          ) : (
            <table class="records audit-log">
              <caption class="visually-hidden">{m.audit.title}</caption>
              <thead>
                <tr>
                  <th scope="col">{m.audit.columns.at}</th>
                  <th scope="col">{m.audit.columns.actor}</th>
                  <th scope="col">{m.audit.columns.action}</th>
                  <th scope="col">{m.audit.columns.target}</th>
                  <th scope="col">{m.audit.columns.detail}</th>
                </tr>
              </thead>
              <tbody>
                {view.entries.map((entry) => (
                  <tr key={entry.id} data-action={entry.action}>
                    <td>
                      <time dateTime={new Date(entry.at).toISOString()}>{formatAt(messages.locale, entry.at, timeZone)}</time>
                    </td>
                    <td>
                      {entry.actorName} <span class="muted">{m.audit.roles[entry.actorRole] ?? entry.actorRole}</span>
                    </td>
                    <td>{m.audit.actions[entry.action] ?? entry.action}</td>
                    <td>
                      {m.audit.targets[entry.targetType] ?? entry.targetType} <span class="muted">{entry.targetId}</span>
                    </td>
                    <td class="detail">{detailText(entry)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {/* A failed further page keeps the entries shown; its error sits by 加载更多. */}
          {view.error ? (
            <p class="alert" role="alert">
              {messages.errors[view.error]}
            </p>
          ) : null}
          {view.hasMore ? (
            <div class="actions">
              <button type="button" disabled={view.phase === 'loadingMore'} onClick={() => send({ type: 'user.moreAudit' })}>
                {view.phase === 'loadingMore' ? m.audit.loadingMore : m.audit.more}
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
    </StageSection>
  );
};
