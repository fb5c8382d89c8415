/**
 * The sitting's live grid: one dense row per candidate (30 fit a laptop screen), sortable by name or stage, with
 * badges for unread 求助 and incidents, offline rows greyed, the phone evidence's state and due time in the exam's time
 * zone; above it the notice to the sitting, the counts per stage and the filters with their counts; the conversation
 * and the candidate's panel (interventions, verdict) open beside it.
 */
import { h, type FunctionalComponent } from '@stencil/core';
import { GRID_FILTERS, interpolate, type CandidateRow, type GridSort, type SittingView } from '@examroom/core';
import { ErrorAlert } from '../../utils/error-alert';
import { formatMegabytes, formatTimeOfDay } from '../../utils/i18n';
import { StageSection } from '../../utils/stage-section';
import { CandidatePanel } from './candidate';
import { Conversation } from './conversation';
import { Notice } from './notice';
import { UploadCells } from './upload-cells';
import { LiveView, LiveViewButton, type LiveStreams } from './live-view';
import { formatShortDateTime, type StageProps } from './stage-parts';

export interface SittingProps extends StageProps<SittingView> {
  /** The conversation's reply field and quick-reply editor, which the element keeps between renders. */
  readonly reply: ReplyFieldState;
  /** 实时画面's streams by source, for the live view's <video>s. */
  readonly liveStreams?: LiveStreams;
}

export interface ReplyFieldState {
  /** What is in the reply field (null: the view's draft). */
  readonly typed: string | null;
  onType(text: string | null): void;
  /** The quick replies being edited (one a line), or null when not editing. */
  readonly editing: string | null;
  onEdit(text: string | null): void;
}

/** A column header that sorts the grid: a button inside, aria-sort on the header. */
const SortHeader: FunctionalComponent<{ sort: GridSort; current: GridSort; label: string; send: StageProps<unknown>['send'] }> = ({ sort, current, label, send }) => (
  <th scope="col" aria-sort={current === sort ? 'ascending' : 'none'}>
    <button type="button" class="sort" data-sort={sort} onClick={() => send({ type: 'user.sort', sort })}>
      {label}
    </button>
  </th>
);

function evidenceText(row: CandidateRow, { m, messages }: Pick<StageProps<unknown>, 'm' | 'messages'>): string {
  const state = m.evidence[row.evidence];
  if (row.evidenceBytes.received === 0) return state;
  const received = formatMegabytes(messages, row.evidenceBytes.received).replace(' MB', '');
  const bytes =
    row.evidenceBytes.expected === null
      ? interpolate(m.sitting.uploaded, { received })
      : interpolate(m.sitting.uploadedOf, { received, expected: formatMegabytes(messages, row.evidenceBytes.expected).replace(' MB', '') });
  return `${state} · ${bytes}`;
}

const Row: FunctionalComponent<{ row: CandidateRow; open: boolean } & Pick<StageProps<SittingView>, 'm' | 'messages' | 'timeZone' | 'send'>> = ({ row, open, m, messages, timeZone, send }) => (
  <tr key={row.candidateId} data-candidate={row.candidateId} class={{ offline: !row.online, open, late: row.evidenceLate }}>
    <th scope="row" class="name">
      {row.name}
      <span class="admission muted">{row.admissionNumber}</span>
    </th>
    <td class="stage">{m.stages[row.stage]}</td>
    <td class="presence">
      <span class={{ dot: true, online: row.online }} aria-hidden="true"></span>
      {row.online ? m.sitting.online : m.sitting.offline}
    </td>
    <td class="evidence">{evidenceText(row, { m, messages })}</td>
    <td class="due">
      {row.evidenceDueAt === null ? (
        <span class="muted">{m.sitting.noDue}</span>
      ) : (
        <time dateTime={new Date(row.evidenceDueAt).toISOString()}>{formatTimeOfDay(messages, row.evidenceDueAt, timeZone)}</time>
      )}
      {row.evidenceLate ? <span class="badge danger late-badge">{m.sitting.late}</span> : null}
    </td>
    <td class="lot">{row.lot ?? m.sitting.noLot}</td>
    <td class="incidents">
      {row.incidents > 0 ? (
        <span class="badge warning" title={interpolate(m.sitting.incidents, { count: row.incidents })} aria-label={interpolate(m.sitting.incidents, { count: row.incidents })}>
          {row.incidents}
        </span>
      ) : null}
    </td>
    <td class="help">
      <button type="button" class="open-help" aria-pressed={open ? 'true' : 'false'} onClick={() => send({ type: 'user.openConversation', candidateId: row.candidateId })}>
        {m.sitting.openHelp}
        {row.unreadHelp > 0 ? (
          <span class="badge danger unread" aria-label={interpolate(m.sitting.unread, { count: row.unreadHelp })}>
            {row.unreadHelp}
          </span>
        ) : null}
      </button>
    </td>
    <UploadCells row={row} m={m} messages={messages} />
  </tr>
);

export const Sitting: FunctionalComponent<SittingProps> = (props) => {
  const { view, m, messages, timeZone, send, liveStreams } = props;
  const heading = view.sitting ? `${view.sitting.sitting.name} · ${view.sitting.examTitle}` : m.sitting.grid;
  return (
    <div class={{ console: true, 'with-conversation': view.conversation !== null }}>
      <StageSection heading={heading} class="sitting">
        <p class="muted summary">
          {view.sitting ? <time dateTime={new Date(view.sitting.sitting.startsAt).toISOString()}>{formatShortDateTime(messages, view.sitting.sitting.startsAt, timeZone)}</time> : null}
          {view.sitting ? ' · ' : null}
          {interpolate(m.sitting.summary, { total: view.total })}
        </p>
        <div class="toolbar">
          <button type="button" class="back" onClick={() => send({ type: 'user.leaveSitting' })}>
            {m.sitting.back}
          </button>
          <button type="button" class="open-upload-health" onClick={() => send({ type: 'user.openUploadHealth' })}>
            {m.uploadHealth.open}
          </button>
        </div>
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
        {view.phase === 'grid' ? [
          <Notice {...props} view={view.notice} />,
          <ul class="stage-counts" aria-label={m.sitting.stageCounts}>
            {view.stageCounts.map(({ stage, count }) => (
              <li key={stage} data-stage={stage}>
                {m.stages[stage]} <strong>{count}</strong>
              </li>
            ))}
          </ul>,
          <div class="filters" role="group" aria-label={m.sitting.filtersLabel}>
            {GRID_FILTERS.map((filter) => (
              <button type="button" key={filter} data-filter={filter} aria-pressed={view.filter === filter ? 'true' : 'false'} onClick={() => send({ type: 'user.filter', filter })}>
                {m.sitting.filters[filter]} <span class="count">{view.filterCounts[filter]}</span>
              </button>
            ))}
          </div>,
          view.rows.length === 0 ? (
            <p class="muted none">{m.sitting.noneMatch}</p>
          ) : (
            <div class="grid-scroll">
              <table part="grid" class="grid" aria-label={m.sitting.grid}>
                <thead>
                  <tr>
                    <SortHeader sort="name" current={view.sort} label={m.sitting.columns.name} send={send} />
                    <SortHeader sort="stage" current={view.sort} label={m.sitting.columns.stage} send={send} />
                    <th scope="col">{m.sitting.columns.online}</th>
                    <th scope="col">{m.sitting.columns.evidence}</th>
                    <th scope="col">{m.sitting.columns.due}</th>
                    <th scope="col">{m.sitting.columns.lot}</th>
                    <th scope="col">{m.sitting.columns.incidents}</th>
                    <th scope="col">{m.sitting.columns.help}</th>
                    <th scope="col">{m.uploadHealth.columns.camera}</th>
                    <th scope="col">{m.uploadHealth.columns.screen}</th>
                  </tr>
                </thead>
                <tbody>
                  {view.rows.map((row) => (
                    <Row row={row} open={view.conversation?.candidateId === row.candidateId} m={m} messages={messages} timeZone={timeZone} send={send} />
                  ))}
                </tbody>
              </table>
            </div>
          ),
        ] : null}
      </StageSection>
      {view.conversation ? (
        <div class="side">
          <Conversation {...props} view={view.conversation} />
          {view.candidatePanel ? <CandidatePanel {...props} view={view.candidatePanel} /> : null}
          {view.liveView ? (
            <LiveView {...props} view={view.liveView} streams={liveStreams ?? {}} name={view.candidatePanel?.candidate?.name ?? view.liveView.candidateId} />
          ) : view.candidatePanel ? (
            <LiveViewButton m={props.m} send={props.send} />
          ) : null}
        </div>
      ) : null}
    </div>
  );
};
