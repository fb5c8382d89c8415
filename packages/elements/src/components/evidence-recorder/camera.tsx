/**
 * camera (摄像头和麦克风): the browser's permission prompt, help when it was refused (the browser's settings, WeChat and
 * Alipay's in-app browsers, iPhone) with 「重试」, then the preview with the front or rear camera. Stage of core's
 * evidence/stages/camera.ts.
 */
import { h, type FunctionalComponent } from '@stencil/core';
import { ErrorCode, interpolate, type CameraView } from '@examroom/core';
import { ErrorAlert } from '../../utils/error-alert';
import { StageSection } from '../../utils/stage-section';
import { Actions, Preview, type StageProps } from './stage-parts';

/** Refusals the browser's settings can undo; other errors (no camera, camera busy) say what to do themselves. */
const PERMISSION_ERRORS: ReadonlySet<string> = new Set([ErrorCode.CAMERA_PERMISSION_DENIED, ErrorCode.MICROPHONE_PERMISSION_DENIED]);

export const Camera: FunctionalComponent<StageProps<CameraView>> = ({ view, m, messages, locale, send }, children) => {
  const other = view.facing === 'front' ? 'rear' : 'front';
  return (
    <StageSection heading={m.camera.title} class="stage camera">
      <p class="intro">{m.camera.intro}</p>
      {view.phase === 'requesting' && (
        <p class="status" role="status">
          {m.camera.requesting}
        </p>
      )}
      {view.phase === 'refused' &&
        (view.error === null || PERMISSION_ERRORS.has(view.error) ? (
          <div class="refused" role="alert">
            <p class="refused-title">{m.camera.refusedTitle}</p>
            <ol class="help">
              {m.camera.refusedHelp.map((step) => (
                <li>{step}</li>
              ))}
            </ol>
          </div>
        ) : (
          <ErrorAlert error={view.error} messages={messages} />
        ))}
      {view.phase === 'choosing' && [
        <Preview stream={view.stream} label={m.camera.preview} locale={locale} facing={view.facing} />,
        <p class="facing">{interpolate(m.camera.current, { facing: m.camera.facing[view.facing] })}</p>,
      ]}
      {children}
      <Actions>
        {view.phase === 'refused' ? (
          <button type="button" class="primary" onClick={() => send({ type: 'user.retry' })}>
            {m.camera.retry}
          </button>
        ) : (
          [
            <button type="button" class="switch" disabled={view.phase !== 'choosing'} onClick={() => send({ type: 'user.switchCamera' })}>
              {interpolate(m.camera.switchTo, { facing: m.camera.facing[other] })}
            </button>,
            <button type="button" class="primary" disabled={view.phase !== 'choosing'} onClick={() => send({ type: 'user.continue' })}>
              {m.camera.continue}
            </button>,
          ]
        )}
      </Actions>
    </StageSection>
  );
};
