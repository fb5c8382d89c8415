/**
 * 考生名单 of one exam: choose a roster file (CSV or XLSX) and it is checked at once — the report says what importing
 * would do and lists every bad row with its line, column and reason; 导入 only for a file without problems. The last
 * import's counts and 下载初始密码文件 (answered once) stay until 关闭; a zip of photos is reported file by file. Below,
 * the candidates (身份证号 masked) with a search, at most ROSTER_SHOWN_MAX rows.
 */
import { h, type FunctionalComponent } from '@stencil/core';
import { interpolate, PHOTOS_MEDIA_TYPES, ROSTER_MEDIA_TYPES, type AdminRosterView } from '@examroom/core';
import { StageSection } from '../../utils/stage-section';
import { ExamTabs, Failed, FormError, Hint, Loading, refusalText, type StageProps } from './stage-parts';

type Props = StageProps<AdminRosterView>;

/** The chosen file as core's ChosenFile; the field is emptied so that choosing the same (corrected) file again is seen. */
function chosen(event: Event, send: (file: { name: string; blob: Blob }) => void): void {
  const input = event.target as HTMLInputElement;
  const file = input.files?.[0];
  input.value = '';
  if (file) send({ name: file.name, blob: file });
}

export const Roster: FunctionalComponent<Props> = (props) => {
  const { view, m, send } = props;
  const busy = view.phase === 'previewing' || view.phase === 'importing' || view.phase === 'uploadingPhotos';
  return (
    <StageSection heading={m.roster.title} class="roster">
      <ExamTabs header={view} current="roster" m={m} send={send} />
      {view.phase === 'loading' ? <Loading text={m.loading} /> : null}
      {view.phase === 'failed' ? <Failed {...props} error={view.error} /> : null}
      {view.phase !== 'loading' && view.phase !== 'failed' ? (
        <div class="stage-body">
          <p class="muted">{m.roster.intro}</p>
          <div class="file-choices">
            <div class="file-choice">
              <label htmlFor="roster-file">{m.roster.chooseFile}</label>
              <input
                id="roster-file"
                type="file"
                accept={['.csv', '.xlsx', ...ROSTER_MEDIA_TYPES].join(',')}
                aria-describedby="roster-file-hint"
                disabled={busy}
                onChange={(event) => chosen(event, (file) => send({ type: 'user.chooseRoster', file }))}
              />
              <Hint form="roster" name="file">
                {m.roster.chooseFileHint}
              </Hint>
            </div>
            <div class="file-choice">
              <label htmlFor="roster-photos">{m.roster.choosePhotos}</label>
              <input
                id="roster-photos"
                type="file"
                accept={['.zip', ...PHOTOS_MEDIA_TYPES].join(',')}
                aria-describedby="roster-photos-hint"
                disabled={busy || view.phase === 'previewed'}
                onChange={(event) => chosen(event, (file) => send({ type: 'user.choosePhotos', file }))}
              />
              <Hint form="roster" name="photos">
                {m.roster.choosePhotosHint}
              </Hint>
            </div>
          </div>
          <p class="status" role="status">
            {view.phase === 'previewing' ? interpolate(m.roster.previewing, { file: view.fileName ?? '' }) : ''}
            {view.phase === 'importing' ? m.roster.importing : ''}
            {view.phase === 'uploadingPhotos' ? m.roster.uploadingPhotos : ''}
          </p>
          <FormError form="roster" text={view.formError ? refusalText(m, props.messages, view.formError) : null} />
          {view.report && view.fileName ? <RosterReport {...props} /> : null}
          {view.imported ? <ImportedNotice {...props} /> : null}
          {view.photos ? <PhotosNotice {...props} /> : null}
          <CandidateTable {...props} />
        </div>
      ) : null}
    </StageSection>
  );
};

/** 检查结果: the counts, and every problem by line; 导入 only without problems. */
const RosterReport: FunctionalComponent<Props> = ({ view, m, send }) => {
  const report = view.report;
  if (!report) return null;
  const importing = view.phase === 'importing';
  return (
    <section class="roster-report" aria-labelledby="roster-report-title" data-valid={report.valid ? 'true' : 'false'}>
      <h3 id="roster-report-title">{interpolate(m.roster.reportTitle, { file: view.fileName ?? '' })}</h3>
      <p>{interpolate(m.roster.reportSummary, { rows: report.rows, create: report.create, update: report.update, unchanged: report.unchanged })}</p>
      <p class={report.valid ? 'ok' : 'alert'} role={report.valid ? 'status' : 'alert'}>
        {report.valid ? m.roster.reportValid : interpolate(m.roster.reportInvalid, { count: report.problems.length })}
      </p>
      {report.problems.length > 0 ? (
        <table class="records problems">
          <caption class="visually-hidden">{interpolate(m.roster.reportTitle, { file: view.fileName ?? '' })}</caption>
          <thead>
            <tr>
              <th scope="col">{m.roster.problemColumns.line}</th>
              <th scope="col">{m.roster.problemColumns.column}</th>
              <th scope="col">{m.roster.problemColumns.reason}</th>
            </tr>
          </thead>
          <tbody>
            {report.problems.map((problem, index) => (
              <tr key={`${problem.line}-${problem.code}-${index}`} data-line={problem.line} data-code={problem.code}>
                <th scope="row">{problem.line}</th>
                <td>{problem.column ? (m.roster.columnNames[problem.column] ?? problem.column) : ''}</td>
                <td>{problem.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <div class="actions">
        {report.valid ? (
          <button type="button" class="primary" data-import disabled={importing} onClick={() => send({ type: 'user.importRoster' })}>
            {importing ? m.roster.importing : interpolate(m.roster.import, { rows: report.rows })}
          </button>
        ) : null}
        <button type="button" disabled={importing} onClick={() => send({ type: 'user.cancel' })}>
          {report.valid ? m.roster.cancel : m.roster.chooseAnother}
        </button>
      </div>
    </section>
  );
};

/** 导入完成: what the import did, and its passwords file, offered this once. */
const ImportedNotice: FunctionalComponent<Props> = ({ view, m, send }) =>
  view.imported ? (
    <section class="notice imported" aria-labelledby="roster-imported-title">
      <h3 id="roster-imported-title">{m.roster.importedTitle}</h3>
      <p role="status">{interpolate(m.roster.importedSummary, { created: view.imported.created, updated: view.imported.updated, unchanged: view.imported.unchanged })}</p>
      <p>{view.imported.passwords > 0 ? interpolate(m.roster.passwordsIntro, { count: view.imported.passwords }) : m.roster.noPasswords}</p>
      <div class="actions">
        {view.imported.passwords > 0 ? (
          <button type="button" class="primary" data-save-passwords onClick={() => send({ type: 'user.savePasswords' })}>
            {m.roster.savePasswords}
          </button>
        ) : null}
        <button type="button" onClick={() => send({ type: 'user.dismissPassword' })}>
          {m.roster.dismiss}
        </button>
      </div>
    </section>
  ) : null;

const PhotosNotice: FunctionalComponent<Props> = ({ view, m, send }) =>
  view.photos ? (
    <section class="notice photos" aria-labelledby="roster-photos-title">
      <h3 id="roster-photos-title">{m.roster.photosTitle}</h3>
      <p role="status">{interpolate(m.roster.photosSummary, { matched: view.photos.matched.length, unmatched: view.photos.unmatched.length })}</p>
      {view.photos.unmatched.length > 0 ? (
        <ul class="unmatched">
          {view.photos.unmatched.map((file) => (
            <li key={file.file}>
              {file.file}: {m.roster.photoReasons[file.reason] ?? file.reason}
            </li>
          ))}
        </ul>
      ) : null}
      <div class="actions">
        <button type="button" onClick={() => send({ type: 'user.dismissPassword' })}>
          {m.roster.dismiss}
        </button>
      </div>
    </section>
  ) : null;

const CandidateTable: FunctionalComponent<Props> = ({ view, m, send }) => {
  const sittingName = new Map(view.sittings.map((sitting) => [sitting.id, sitting.name]));
  return (
    <section class="candidates" aria-labelledby="roster-candidates-title">
      <h3 id="roster-candidates-title">{interpolate(m.roster.count, { total: view.total })}</h3>
      {view.total === 0 ? (
        <p class="muted">{m.roster.empty}</p>
      ) : (
        <div>
          <div class="filters-form">
            <label htmlFor="roster-search">{m.roster.search}</label>
            <input
              id="roster-search"
              type="search"
              value={view.filter}
              placeholder={m.roster.searchHint}
              aria-describedby="roster-matching"
              onInput={(event) => send({ type: 'user.filterRoster', text: (event.target as HTMLInputElement).value })}
            />
            <span id="roster-matching" class="hint" role="status">
              {view.filter.trim() === '' ? '' : interpolate(m.roster.matching, { matching: view.matching })}
              {view.matching > view.candidates.length ? ` ${interpolate(m.roster.shownOnly, { shown: view.candidates.length })}` : ''}
            </span>
          </div>
          {view.candidates.length === 0 ? (
            <p class="muted">{m.roster.noneMatch}</p>
          ) : (
            <table class="records">
              <caption class="visually-hidden">{m.roster.title}</caption>
              <thead>
                <tr>
                  <th scope="col">{m.roster.columns.name}</th>
                  <th scope="col">{m.roster.columns.admissionNumber}</th>
                  <th scope="col">{m.roster.columns.idNumber}</th>
                  <th scope="col">{m.roster.columns.sitting}</th>
                  <th scope="col">{m.roster.columns.photo}</th>
                  <th scope="col">{m.roster.columns.entered}</th>
                </tr>
              </thead>
              <tbody>
                {view.candidates.map((candidate) => (
                  <tr key={candidate.id} data-candidate={candidate.id}>
                    <th scope="row">{candidate.name}</th>
                    <td>{candidate.admissionNumber}</td>
                    <td>{candidate.idNumberMasked}</td>
                    <td>{sittingName.get(candidate.sittingId) ?? candidate.sittingId}</td>
                    <td>{candidate.photo ? m.yes : m.no}</td>
                    <td>{candidate.entered ? m.yes : m.no}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
};
