/**
 * recording (录制): the phone fixed where it sees the desk, the screen, the surroundings and the candidate, then 录制中
 * with the upload's progress until 「结束录制」 after the interview, confirmed; then the wait while the rest uploads.
 * Stage of core's evidence/stages/recording.ts.
 */
import { h, type FunctionalComponent } from '@stencil/core';
import { interpolate, type Messages, type RecordingView } from '@examroom/core';
import { ErrorAlert } from '../../utils/error-alert';
import { StageSection } from '../../utils/stage-section';
import { Actions, Preview, Warning, type StageProps } from './stage-parts';

const MB = 1024 * 1024;

/** Bytes as MB with one decimal in the messages' locale, rounded down: 「已上传」 shows the whole only once it is whole. */
export function formatMegabytes(messages: Messages, bytes: number): string {
  const tenths = Math.floor((Math.max(0, bytes) / MB) * 10) / 10;
  return new Intl.NumberFormat(messages.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(tenths);
}

/** The ids the stop confirmation names itself and its question by. */
export const CONFIRM_STOP_ID = 'confirm-stop';
const CONFIRM_TITLE_ID = 'confirm-stop-title';
const CONFIRM_TEXT_ID = 'confirm-stop-text';

export const Recording: FunctionalComponent<StageProps<RecordingView>> = ({ view, m, messages, locale, send }, children) => {
  const { phase } = view;
  const live = phase === 'recording' || phase === 'confirmingStop';
  const sizes = { uploaded: formatMegabytes(messages, view.bytesAcknowledged), recorded: formatMegabytes(messages, view.bytesRecorded) };
  const status = live
    ? interpolate(m.recording.status, sizes)
    : phase === 'stopping'
      ? m.recording.stopping
      : phase === 'uploading'
        ? interpolate(m.recording.uploadingStatus, sizes)
        : '';
  return (
    <StageSection heading={m.recording.title} class="stage recording">
      {phase === 'placing' && [<p class="intro">{m.recording.placing}</p>, <p class="notice">{m.recording.continuous}</p>]}
      {phase === 'uploading' && <p class="intro">{m.recording.uploading}</p>}
      {phase !== 'uploading' && (
        <Preview stream={view.stream} label={m.camera.preview} locale={locale}>
          {live && (
            <span class="badge" aria-hidden="true">
              {m.recording.badge}
            </span>
          )}
        </Preview>
      )}
      <p part="status" class={{ 'status-line': true, live }} role="status" aria-live="polite" aria-atomic="true">
        {status}
      </p>
      {view.batteryLow && <Warning class="battery-low">{m.recording.batteryLow}</Warning>}
      {view.storageLow && <Warning class="storage-low">{m.recording.storageLow}</Warning>}
      {live && !view.wakeLockHeld && <Warning class="no-wake-lock">{m.recording.noWakeLock}</Warning>}
      <ErrorAlert error={view.error} messages={messages} />
      {live && <p class="muted stop-hint">{m.recording.stopHint}</p>}
      {children}
      {phase === 'placing' && (
        <Actions>
          <button type="button" class="primary" onClick={() => send({ type: 'user.startRecording' })}>
            {m.recording.start}
          </button>
        </Actions>
      )}
      {phase === 'recording' && (
        <Actions>
          <button type="button" class="danger" onClick={() => send({ type: 'user.stopRecording' })}>
            {m.recording.stop}
          </button>
        </Actions>
      )}
      {phase === 'confirmingStop' && (
        <div id={CONFIRM_STOP_ID} class="confirm" role="alertdialog" aria-modal="false" aria-labelledby={CONFIRM_TITLE_ID} aria-describedby={CONFIRM_TEXT_ID} tabindex={-1}>
          <p id={CONFIRM_TITLE_ID} class="confirm-title">
            {m.recording.confirmTitle}
          </p>
          <p id={CONFIRM_TEXT_ID}>{m.recording.confirmText}</p>
          <Actions>
            <button type="button" class="danger" onClick={() => send({ type: 'user.confirmStop' })}>
              {m.recording.confirmStop}
            </button>
            <button type="button" class="primary" onClick={() => send({ type: 'user.cancelStop' })}>
              {m.recording.cancelStop}
            </button>
          </Actions>
        </div>
      )}
    </StageSection>
  );
};
