/**
 * 上传状况: bytes recorded on the devices against bytes the server acknowledged, for the sitting (its totals per kind
 * and the candidates whose upload trails most) or one candidate (opened from their panel). The chart is uPlot on a
 * canvas, loaded by a dynamic import when this view first draws one (utils/upload-chart.ts); beside it a table of the
 * latest figures says the same in text, for screen readers and for a browser where the chart cannot be drawn.
 */
import { h, type FunctionalComponent } from '@stencil/core';
import { interpolate, type UploadCell, type UploadChartData, type UploadHealthView } from '@examroom/core';
import { ErrorAlert } from '../../utils/error-alert';
import { formatMegabytes, formatTimeOfDay } from '../../utils/i18n';
import type { UploadChart, UploadChartLabels } from '../../utils/upload-chart';
import { StageSection } from '../../utils/stage-section';
import type { StageProps } from './stage-parts';

/** The one chart on screen: its container, the data it drew last, and the chart once uPlot has loaded. */
let drawn: { container: HTMLElement; data: UploadChartData; chart: Promise<UploadChart | null> } | null = null;

/**
 * Draws `data` into `container` (called by the container's ref at every render): the first time, uPlot is imported;
 * later, the same chart takes the new data; a new container (another candidate) gets a new chart.
 */
function drawChart(container: HTMLElement | undefined, data: UploadChartData, labels: UploadChartLabels, timeZone: string): void {
  if (!container) return;
  if (drawn?.container === container) {
    if (drawn.data !== data) {
      drawn.data = data;
      void drawn.chart.then((chart) => chart?.update(data));
    }
    return;
  }
  const previous = drawn;
  void previous?.chart.then((chart) => chart?.destroy());
  const chart = import('../../utils/upload-chart')
    .then(({ createUploadChart }) => createUploadChart(container, data, labels, timeZone))
    .catch(() => {
      // No canvas (an old browser, a test DOM) or the chunk did not load: the text summary stands on its own.
      container.dataset['chart'] = 'unavailable';
      return null;
    });
  drawn = { container, data, chart };
}

/** Bytes as the console shows them, without the unit, e.g. 12.3. */
export const megabytes = (messages: StageProps<unknown>['messages'], bytes: number): string => formatMegabytes(messages, bytes).replace(' MB', '');

/** One kind's latest figures in the summary table. */
const SummaryRow: FunctionalComponent<{ cell: UploadCell } & Pick<StageProps<unknown>, 'm' | 'messages'>> = ({ cell, m, messages }) => (
  <tr data-kind={cell.kind} class={{ lagging: cell.lagging }}>
    <th scope="row">{m.uploadHealth.kinds[cell.kind]}</th>
    <td class="recorded">{megabytes(messages, cell.recorded)} MB</td>
    <td class="acknowledged">{megabytes(messages, cell.acknowledged)} MB</td>
    <td class="lag">
      {megabytes(messages, cell.lag)} MB
      {cell.lagging ? <span class="badge danger lag-badge">{m.uploadHealth.laggingLong}</span> : null}
    </td>
  </tr>
);

export const UploadHealth: FunctionalComponent<StageProps<UploadHealthView>> = ({ view, m, messages, timeZone, send }) => {
  const u = m.uploadHealth;
  const heading =
    view.scope === 'candidate'
      ? interpolate(u.candidateHeading, { name: view.candidateName ?? view.candidateId ?? '' })
      : interpolate(u.sittingHeading, { sitting: view.sittingName ?? '' });
  const labels: UploadChartLabels = { kinds: u.kinds, recorded: u.recorded, acknowledged: u.acknowledged };
  const chart = view.chart;
  const latestAt = view.summary.reduce((latest, cell) => Math.max(latest, cell.at), 0);
  return (
    <StageSection heading={heading} class="upload-health">
      <div class="toolbar">
        <button type="button" class="back" onClick={() => send({ type: 'user.closeUploadHealth' })}>
          {u.back}
        </button>
        {view.scope === 'candidate' ? (
          <button type="button" class="sitting-totals" onClick={() => send({ type: 'user.openUploadHealth' })}>
            {u.sittingTotals}
          </button>
        ) : null}
      </div>
      {view.phase === 'loading' ? (
        <p class="status" role="status">
          {u.loading}
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
      {view.phase !== 'loading' && chart && chart.times.length === 0 ? <p class="muted none">{u.empty}</p> : null}
      {view.phase !== 'loading' && chart && chart.times.length > 0 ? [
        <figure class="upload-chart-figure">
          <div
            key={`chart-${view.scope}-${view.candidateId ?? ''}`}
            class="upload-chart"
            role="img"
            aria-label={u.chartLabel}
            ref={(element) => drawChart(element, chart, labels, timeZone)}
          ></div>
          <figcaption class="muted">
            {u.chartLabel}
            {latestAt > 0 ? [' · ', <time dateTime={new Date(latestAt).toISOString()}>{interpolate(u.updatedAt, { time: formatTimeOfDay(messages, latestAt, timeZone) })}</time>] : null}
          </figcaption>
        </figure>,
        <table class="upload-summary">
          <caption>{view.scope === 'sitting' ? `${u.summary} · ${u.sittingTotals}` : u.summary}</caption>
          <thead>
            <tr>
              <th scope="col">{u.kind}</th>
              <th scope="col">{u.recorded}</th>
              <th scope="col">{u.acknowledged}</th>
              <th scope="col">{u.lag}</th>
            </tr>
          </thead>
          <tbody>
            {view.summary.map((cell) => (
              <SummaryRow cell={cell} m={m} messages={messages} />
            ))}
          </tbody>
        </table>,
      ] : null}
      {view.phase !== 'loading' && view.scope === 'sitting' && chart ? (
        <section class="upload-worst" aria-labelledby="upload-worst-heading">
          <h3 id="upload-worst-heading">{u.worst}</h3>
          {view.worst.length === 0 ? (
            <p class="muted">{u.noLag}</p>
          ) : (
            <table class="upload-worst-table">
              <thead>
                <tr>
                  <th scope="col">{u.candidate}</th>
                  <th scope="col">{u.kind}</th>
                  <th scope="col">{`${u.recorded} / ${u.acknowledged}`}</th>
                  <th scope="col">{u.lag}</th>
                </tr>
              </thead>
              <tbody>
                {view.worst.map((entry) => (
                  <tr key={entry.candidateId} data-candidate={entry.candidateId} class={{ lagging: entry.cell.lagging }}>
                    <th scope="row">
                      <button type="button" class="open-candidate" onClick={() => send({ type: 'user.openUploadHealth', candidateId: entry.candidateId })}>
                        {entry.name}
                      </button>
                    </th>
                    <td>{u.kinds[entry.cell.kind]}</td>
                    <td>{interpolate(u.cell, { recorded: megabytes(messages, entry.cell.recorded), acknowledged: megabytes(messages, entry.cell.acknowledged) })}</td>
                    <td>
                      {megabytes(messages, entry.cell.lag)} MB
                      {entry.cell.lagging ? <span class="badge danger lag-badge">{u.laggingLong}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ) : null}
    </StageSection>
  );
};
