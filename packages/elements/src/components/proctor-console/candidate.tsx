/**
 * The open candidate's panel, under their conversation: 延长时间 (minutes), 结束面试 (a required reason, then a
 * confirmation), 允许迟到入场 (a required reason; offered only before the candidate entered), the interventions so far
 * (who, when, what) and the verdict (通过 / 存疑 / 违规) with a comment and its history; above them, a virtual or filter
 * camera the server refused at 设备确认 (R7) with 豁免 (a required reason). The fields are the browser's
 * own, keyed by what the server recorded, so that they empty once an action is recorded and keep their text when the
 * server refused it. A refusal shows in the supervisor's words.
 */
import { h, type FunctionalComponent } from '@stencil/core';
import { EXTRA_TIME_MINUTES, interpolate, type CandidateAction, type CandidatePanelView, type ErrorCode, type VerdictKind } from '@examroom/core';
import { formatTimeOfDay } from '../../utils/i18n';
import type { StageProps } from './stage-parts';

const VERDICTS: readonly VerdictKind[] = ['passed', 'doubtful', 'violation'];

/** The field's text from a submitted form. */
const field = (event: Event, name: string): string => {
  event.preventDefault();
  const value = new FormData(event.target as HTMLFormElement).get(name);
  return typeof value === 'string' ? value : '';
};

const Refusal: FunctionalComponent<{ error: ErrorCode | null } & Pick<StageProps<unknown>, 'm' | 'messages'>> = ({ error, m, messages }) => {
  if (!error) return null;
  const refusals: Partial<Record<ErrorCode, string>> = m.candidate.refusals;
  return (
    <p class="alert action-error" role="alert">
      {refusals[error] ?? messages.errors[error]}
    </p>
  );
};

export const CandidatePanel: FunctionalComponent<StageProps<CandidatePanelView>> = (props) => {
  const { view, m, messages, timeZone, send } = props;
  const name = view.candidate?.name ?? view.candidateId;
  const busy = view.phase !== 'shown';
  const act = (action: CandidateAction) => send({ type: 'user.act', action });
  const time = (at: number) => <time dateTime={new Date(at).toISOString()}>{formatTimeOfDay(messages, at, timeZone)}</time>;
  const recorded = view.interventions.length;
  return (
    <section part="candidate-panel" class="candidate-panel" aria-labelledby="candidate-heading">
      <h3 id="candidate-heading">{interpolate(m.candidate.title, { name })}</h3>
      <button type="button" class="open-upload-health" onClick={() => send({ type: 'user.openUploadHealth', candidateId: view.candidateId })}>
        {m.uploadHealth.openCandidate}
      </button>
      <button type="button" class="open-review" onClick={() => send({ type: 'user.openReview' })}>
        {m.review.open}
      </button>
      {view.phase === 'loading' ? (
        <p class="status" role="status">
          {m.candidate.loading}
        </p>
      ) : null}
      {view.phase === 'failed' ? (
        <div class="actions">
          <Refusal error={view.error} m={m} messages={messages} />
          <button type="button" onClick={() => send({ type: 'user.retry' })}>
            {m.retry}
          </button>
        </div>
      ) : null}
      {view.phase !== 'loading' && view.phase !== 'failed' ? [
        <Refusal error={view.error} m={m} messages={messages} />,
        <VirtualCamera {...props} />,
        view.phase === 'acting' ? (
          <p class="status" role="status">
            {m.candidate.acting}
          </p>
        ) : null,
        view.phase === 'confirming' && view.action?.kind === 'endInterview' ? (
          <div class="confirm-end" role="alertdialog" aria-label={m.candidate.endInterview}>
            <p>{interpolate(m.candidate.confirmEnd, { name, reason: view.action.reason })}</p>
            <div class="actions">
              <button type="button" class="cancel-end" onClick={() => send({ type: 'user.cancel' })}>
                {m.candidate.cancel}
              </button>
              <button type="button" class="danger confirm-end-button" onClick={() => send({ type: 'user.confirm' })}>
                {m.candidate.confirm}
              </button>
            </div>
          </div>
        ) : null,
        <form class="extra-time-form" onSubmit={(event) => act({ kind: 'extraTime', minutes: Number(field(event, 'minutes')) })}>
          <label htmlFor="extra-minutes">{m.candidate.minutes}</label>
          <input key={`minutes-${recorded}`} id="extra-minutes" name="minutes" type="number" required min={EXTRA_TIME_MINUTES.min} max={EXTRA_TIME_MINUTES.max} step={1} disabled={busy} />
          <button type="submit" class="give-extra-time" disabled={busy}>
            {m.candidate.giveExtraTime}
          </button>
        </form>,
        <form class="end-form" onSubmit={(event) => act({ kind: 'endInterview', reason: field(event, 'reason') })}>
          <label htmlFor="end-reason">{m.candidate.endReason}</label>
          <input key={`end-${recorded}`} id="end-reason" name="reason" type="text" required maxLength={500} disabled={busy} />
          <button type="submit" class="danger end-interview" disabled={busy}>
            {m.candidate.endInterview}
          </button>
        </form>,
        view.canAllowLateEntry ? (
          <form class="late-form" onSubmit={(event) => act({ kind: 'lateEntry', reason: field(event, 'reason') })}>
            <label htmlFor="late-reason">{m.candidate.lateReason}</label>
            <input key={`late-${recorded}`} id="late-reason" name="reason" type="text" required maxLength={500} disabled={busy} />
            <button type="submit" class="allow-late-entry" disabled={busy}>
              {m.candidate.allowLateEntry}
            </button>
          </form>
        ) : null,
        <h4>{m.candidate.interventions}</h4>,
        recorded === 0 ? (
          <p class="muted">{m.candidate.noInterventions}</p>
        ) : (
          <ol class="interventions">
            {view.interventions.map((intervention) => (
              <li key={intervention.id} data-kind={intervention.kind}>
                {time(intervention.at)} <strong>{m.candidate.kinds[intervention.kind]}</strong>{' '}
                {intervention.minutes !== undefined ? interpolate(m.candidate.minutesDone, { minutes: intervention.minutes }) : intervention.reason}{' '}
                <span class="muted">{interpolate(m.candidate.by, { supervisor: intervention.supervisorName })}</span>
              </li>
            ))}
          </ol>
        ),
        <VerdictSection {...props} />,
      ] : null}
    </section>
  );
};

/** R7: the camera the server refused at the candidate's 设备确认, 豁免 with a reason while not waived. */
const VirtualCamera: FunctionalComponent<StageProps<CandidatePanelView>> = ({ view, m, send }) => {
  const camera = view.virtualCamera;
  if (!camera) return null;
  const busy = view.phase !== 'shown';
  return (
    <div class={{ 'virtual-camera': true, waived: camera.waived }}>
      <p>{interpolate(camera.waived ? m.candidate.virtualCameraWaived : m.candidate.virtualCamera, { label: camera.label })}</p>
      {view.canWaiveVirtualCamera ? (
        <form class="waive-form" onSubmit={(event) => send({ type: 'user.act', action: { kind: 'virtualCameraWaiver', reason: field(event, 'reason') } })}>
          <label htmlFor="waive-reason">{m.candidate.waiveReason}</label>
          <input key={`waive-${view.interventions.length}`} id="waive-reason" name="reason" type="text" required maxLength={500} disabled={busy} />
          <button type="submit" class="waive-virtual-camera" disabled={busy}>
            {m.candidate.waiveVirtualCamera}
          </button>
        </form>
      ) : null}
    </div>
  );
};

/**
 * The verdict (通过 / 存疑 / 违规) with a comment and its history: the panel's, and the review's beside the recordings.
 * Sent as the panel's action (user.act), so that both give it the same way.
 */
export const VerdictSection: FunctionalComponent<StageProps<CandidatePanelView>> = ({ view, m, messages, timeZone, send }) => {
  const busy = view.phase !== 'shown';
  const act = (action: CandidateAction) => send({ type: 'user.act', action });
  const time = (at: number) => <time dateTime={new Date(at).toISOString()}>{formatTimeOfDay(messages, at, timeZone)}</time>;
  const verdicts = view.verdict?.history.length ?? 0;
  return (
    <div class="verdict">
      <h4>{m.candidate.verdict}</h4>
      <form
        class="verdict-form"
        onSubmit={(event) => {
          const verdict = field(event, 'verdict') as VerdictKind;
          act({ kind: 'verdict', verdict, comment: field(event, 'comment') });
        }}
      >
        <div class="verdicts" role="radiogroup" aria-label={m.candidate.verdict}>
          {VERDICTS.map((verdict) => (
            <label key={`${verdict}-${verdicts}`}>
              <input type="radio" name="verdict" value={verdict} required checked={view.verdict?.current?.verdict === verdict} disabled={busy} /> {m.candidate.verdicts[verdict]}
            </label>
          ))}
        </div>
        <label htmlFor="verdict-comment">{m.candidate.comment}</label>
        <textarea key={`comment-${verdicts}`} id="verdict-comment" name="comment" rows={2} maxLength={2000} disabled={busy}></textarea>
        <button type="submit" class="save-verdict" disabled={busy}>
          {m.candidate.saveVerdict}
        </button>
      </form>
      {verdicts === 0 ? (
        <p class="muted no-verdict">{m.candidate.noVerdict}</p>
      ) : (
        <div class="verdict-history">
          <h4>{m.candidate.verdictHistory}</h4>
          <ol>
            {[...(view.verdict?.history ?? [])].reverse().map((verdict) => (
              <li key={`${verdict.at}-${verdict.verdict}`} data-verdict={verdict.verdict}>
                {time(verdict.at)} <strong>{m.candidate.verdicts[verdict.verdict]}</strong> {verdict.comment}{' '}
                <span class="muted">{interpolate(m.candidate.by, { supervisor: verdict.supervisorName })}</span>
              </li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
};
