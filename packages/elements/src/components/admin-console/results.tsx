/**
 * 结果导出 of one exam: its sittings to choose from; for the one chosen, a row per candidate (attended, entered at,
 * finished how and when, incidents, the phone evidence, the verdict, the recordings) with 下载 CSV, 下载 Excel and each
 * candidate's 下载档案. A refused or failed download shows above the table.
 */
import { h, type FunctionalComponent } from '@stencil/core';
import { interpolate, type AdminResultsView, type ResultRow, type ResultsExportMessages } from '@examroom/core';
import { formatDateTime } from '../../utils/i18n';
import { StageSection } from '../../utils/stage-section';
import { ExamTabs, Failed, FormError, Loading, refusalText, type StageProps } from './stage-parts';

/** The export's own words (RESULTS_EXPORT_LOCALES) head the table and fill its cells: the page says what the files say. */
type Props = StageProps<AdminResultsView> & { readonly words: ResultsExportMessages };

export const Results: FunctionalComponent<Props> = (props) => {
  const { view, m, messages, send } = props;
  return (
    <StageSection heading={m.results.title} class="results">
      <ExamTabs header={view} current="results" m={m} send={send} />
      {view.phase === 'loading' ? <Loading text={m.loading} /> : null}
      {view.phase === 'failed' ? <Failed {...props} error={view.error} /> : null}
      {view.phase !== 'loading' && view.phase !== 'failed' ? (
        <div class="stage-body">
          <p class="muted">{m.results.intro}</p>
          {view.sittings.length === 0 ? (
            <p class="muted">{m.results.empty}</p>
          ) : (
            <nav aria-label={m.results.sittingsLabel}>
              <ul class="tabs sitting-choices">
                {view.sittings.map((sitting) => (
                  <li key={sitting.id}>
                    <button
                      type="button"
                      data-sitting={sitting.id}
                      aria-current={sitting.id === view.sittingId ? 'page' : 'false'}
                      disabled={view.phase !== 'list'}
                      onClick={() => send({ type: 'user.openResults', sittingId: sitting.id })}
                    >
                      {sitting.name} · {formatDateTime(messages, sitting.startsAt, view.exam?.timeZone ?? props.timeZone)}
                    </button>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          {view.phase === 'loadingResults' ? <Loading text={m.results.loadingResults} /> : null}
          <FormError form="results" text={view.formError ? refusalText(m, messages, view.formError) : null} />
          {view.results ? <ResultTable {...props} /> : null}
        </div>
      ) : null}
    </StageSection>
  );
};

const ResultTable: FunctionalComponent<Props> = (props) => {
  const { view, m, messages, send } = props;
  const results = view.results;
  if (!results) return null;
  const busy = view.phase !== 'list';
  const downloading = view.downloading;
  const fileButton = (format: 'csv' | 'xlsx') => (
    <button type="button" data-download={format} disabled={busy} onClick={() => send({ type: 'user.download', request: { kind: 'results', sittingId: results.sittingId, format } })}>
      {downloading?.kind === 'results' && downloading.format === format ? m.results.downloading : format === 'csv' ? m.results.downloadCsv : m.results.downloadXlsx}
    </button>
  );
  return (
    <section class="result-table" aria-labelledby="results-title">
      <h3 id="results-title">{results.sittingName}</h3>
      <p class="hint">{interpolate(m.results.generatedAt, { time: formatDateTime(messages, results.generatedAt, results.timeZone) })}</p>
      <div class="toolbar">
        {fileButton('csv')}
        {fileButton('xlsx')}
      </div>
      {results.rows.length === 0 ? (
        <p class="muted">{m.results.noCandidates}</p>
      ) : (
        <table class="records">
          <caption class="visually-hidden">{results.sittingName}</caption>
          <thead>
            <tr>
              <th scope="col">{props.words.columns.name}</th>
              <th scope="col">{props.words.columns.admissionNumber}</th>
              <th scope="col">{props.words.columns.attended}</th>
              <th scope="col">{props.words.columns.enteredAt}</th>
              <th scope="col">{props.words.columns.finishedHow}</th>
              <th scope="col">{props.words.columns.incidentKinds}</th>
              <th scope="col">{props.words.columns.evidence}</th>
              <th scope="col">{props.words.columns.verdict}</th>
              <th scope="col">{m.results.recordingsColumn}</th>
              <th scope="col">{m.results.archiveColumn}</th>
            </tr>
          </thead>
          <tbody>
            {results.rows.map((row) => (
              resultLine({ ...props, row, busy, timeZone: results.timeZone })
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
};

/** One candidate's row (a function, not a component: the row's key must be on the <tr>). */
function resultLine({ row, busy, view, m, messages, send, timeZone, words }: Props & { readonly row: ResultRow; readonly busy: boolean }) {
  const complete = row.recordings.filter((recording) => recording.complete).length;
  const archiving = view.downloading?.kind === 'archive' && view.downloading.candidateId === row.candidateId;
  return (
    <tr key={row.candidateId} data-candidate={row.candidateId}>
      <th scope="row">{row.name}</th>
      <td>{row.admissionNumber}</td>
      <td>{row.attended ? words.yes : words.no}</td>
      <td>{row.enteredAt === null ? m.results.notEntered : formatDateTime(messages, row.enteredAt, timeZone)}</td>
      <td>
        {row.finishedAt === null || row.finishReason === null
          ? row.enteredAt === null
            ? ''
            : words.notFinished
          : `${words.finishReasons[row.finishReason]} · ${formatDateTime(messages, row.finishedAt, timeZone)}`}
      </td>
      <td>{row.incidents.map((incident) => interpolate(words.incidentCount, { kind: messages.incidents[incident.kind], count: incident.count })).join('; ')}</td>
      <td>{words.evidence[row.evidence]}</td>
      <td>{row.verdict ? `${words.verdicts[row.verdict.verdict]}${row.verdict.comment ? `：${row.verdict.comment}` : ''}` : words.noVerdict}</td>
      <td>{interpolate(m.results.recordingCount, { complete, total: row.recordings.length })}</td>
      <td>
        <button type="button" data-archive={row.candidateId} disabled={busy} onClick={() => send({ type: 'user.download', request: { kind: 'archive', candidateId: row.candidateId } })}>
          {archiving ? m.results.downloading : m.results.archive}
        </button>
      </td>
    </tr>
  );
}
