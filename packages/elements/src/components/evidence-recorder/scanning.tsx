/**
 * scanning (环拍): the 360° turn of the room with the candidate in shot, the live preview and a progress ring (the
 * compass headings covered, or the minimum time where there is no compass). Stage of core's evidence/stages/scanning.ts.
 */
import { h, type FunctionalComponent } from '@stencil/core';
import { interpolate, ROOM_SCAN_MIN_DURATION_MS, type ScanningView } from '@examroom/core';
import { ErrorAlert } from '../../utils/error-alert';
import { formatPercent } from '../../utils/i18n';
import { toPercent } from '../../utils/percent';
import { StageSection } from '../../utils/stage-section';
import { Preview, type StageProps } from './stage-parts';

const RING_RADIUS = 42;
const RING_LENGTH = 2 * Math.PI * RING_RADIUS;

export const Scanning: FunctionalComponent<StageProps<ScanningView>> = ({ view, m, messages, locale }, children) => {
  const percent = toPercent(view.progress, 100);
  const hint = view.method === 'orientation' ? m.scanning.turnByCompass : interpolate(m.scanning.turnByTime, { seconds: ROOM_SCAN_MIN_DURATION_MS / 1000 });
  return (
    <StageSection heading={m.scanning.title} class="stage scanning">
      <p class="intro">{m.scanning.intro}</p>
      <Preview stream={view.stream} label={m.camera.preview} locale={locale} />
      <div class="scan-progress">
        <div class="ring" role="progressbar" aria-label={m.scanning.progress} aria-valuemin="0" aria-valuemax="100" aria-valuenow={String(percent)}>
          <svg viewBox="0 0 100 100" aria-hidden="true">
            <circle class="track" cx="50" cy="50" r={RING_RADIUS} />
            <circle class="indicator" cx="50" cy="50" r={RING_RADIUS} stroke-dasharray={`${RING_LENGTH}`} stroke-dashoffset={`${RING_LENGTH * (1 - percent / 100)}`} />
          </svg>
          <span class="ring-value" aria-hidden="true">
            {formatPercent(messages, percent)}
          </span>
        </div>
        <p class="hint" role="status">
          {view.phase === 'reporting' ? m.scanning.reporting : hint}
        </p>
      </div>
      <ErrorAlert error={view.error} messages={messages} />
      {children}
    </StageSection>
  );
};
