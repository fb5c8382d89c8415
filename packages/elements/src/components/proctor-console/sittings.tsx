/** The supervisor's sittings (我的场次), the earliest first, each with its exam, start time and candidates. */
import { h, type FunctionalComponent } from '@stencil/core';
import { interpolate, type SittingsView } from '@examroom/core';
import { ErrorAlert } from '../../utils/error-alert';
import { StageSection } from '../../utils/stage-section';
import { formatShortDateTime, type StageProps } from './stage-parts';

export const Sittings: FunctionalComponent<StageProps<SittingsView>> = ({ view, m, messages, timeZoneOverride, send }) => (
  <StageSection heading={m.sittings.title} class="sittings">
    {view.phase === 'loading' ? (
      <p class="status" role="status">
        {m.loading}
      </p>
    ) : null}
    <ErrorAlert error={view.error} messages={messages} />
    {view.phase === 'failed' ? (
      <div class="actions">
        <button type="button" onClick={() => send({ type: 'user.retry' })}>
          {m.retry}
        </button>
      </div>
    ) : null}
    {view.phase === 'list' && view.sittings.length === 0 ? <p class="muted">{m.sittings.empty}</p> : null}
    {view.phase === 'list' && view.sittings.length > 0 ? (
      <ul class="sitting-list">
        {view.sittings.map((summary) => (
          <li key={summary.sitting.id}>
            <div>
              <strong>{summary.sitting.name}</strong> <span class="muted">{summary.examTitle}</span>
            </div>
            <div class="muted">
              {m.sittings.startsAt} <time dateTime={new Date(summary.sitting.startsAt).toISOString()}>{formatShortDateTime(messages, summary.sitting.startsAt, timeZoneOverride ?? summary.timeZone)}</time> ·{' '}
              {interpolate(m.sittings.candidates, { count: summary.candidates })}
            </div>
            <button type="button" class="primary" data-sitting={summary.sitting.id} onClick={() => send({ type: 'user.chooseSitting', sittingId: summary.sitting.id })}>
              {m.sittings.open}
            </button>
          </li>
        ))}
      </ul>
    ) : null}
  </StageSection>
);
