/**
 * pairing (配对): the 8-character code typed from under the PC's QR code, or the QR code read with the phone's camera
 * in the page; a code from the QR link's fragment goes straight to `submitting`. Stage of core's
 * evidence/stages/pairing.ts.
 */
import { h, type FunctionalComponent } from '@stencil/core';
import { ErrorCode, type PairingView } from '@examroom/core';
import { ErrorAlert } from '../../utils/error-alert';
import { StageSection } from '../../utils/stage-section';
import { Actions, Preview, type StageProps } from './stage-parts';

export interface PairingProps extends StageProps<PairingView> {
  /** What the candidate typed so far, shown `ABCD-EFGH` (kept by the element: the machine hears it on 「确定」). */
  readonly typed: string;
  readonly onType: (text: string) => void;
}

const CODE_HINT_ID = 'code-hint';
const CODE_ERROR_ID = 'code-error';

export const Pairing: FunctionalComponent<PairingProps> = ({ view, m, messages, locale, send, typed, onType }, children) => {
  const busy = view.phase === 'starting' || view.phase === 'submitting';
  return (
    <StageSection heading={m.pairing.title} class="stage pairing">
      {view.phase === 'scanning' ? (
        [
          <p class="intro">{m.pairing.scanHint}</p>,
          <Preview stream={view.stream} label={m.pairing.scanPreview} locale={locale}>
            <div class="viewfinder" aria-hidden="true"></div>
          </Preview>,
          <ErrorAlert error={view.error} messages={messages} />,
          children,
          <Actions>
            <button type="button" onClick={() => send({ type: 'user.cancelScan' })}>
              {m.pairing.cancelScan}
            </button>
          </Actions>,
        ]
      ) : (
        <form
          class="code-form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            send({ type: 'user.submitCode', code: typed });
          }}
        >
          <p class="intro">{m.pairing.intro}</p>
          <label class="field" htmlFor="pairing-code">
            {m.pairing.codeLabel}
          </label>
          <input
            id="pairing-code"
            name="pairing-code"
            class="code"
            type="text"
            inputMode="text"
            autoCapitalize="characters"
            autoComplete="off"
            autoCorrect="off"
            spellcheck={false}
            enterKeyHint="go"
            maxLength={9}
            placeholder="ABCD-EFGH"
            value={typed}
            disabled={busy}
            aria-invalid={view.error === ErrorCode.PAIRING_CODE_INVALID || view.error === ErrorCode.PAIRING_FAILED ? 'true' : undefined}
            aria-describedby={view.error ? `${CODE_ERROR_ID} ${CODE_HINT_ID}` : CODE_HINT_ID}
            onInput={(event) => onType((event.target as HTMLInputElement).value)}
          />
          <p id={CODE_HINT_ID} class="hint muted">
            {m.pairing.codeHint}
          </p>
          {view.error === ErrorCode.PAIRING_FAILED ? (
            // On the phone a refused code is used or expired: the PC shows a new one on 「刷新二维码」.
            <p id={CODE_ERROR_ID} class="alert" role="alert">
              {m.pairing.codeRefused}
            </p>
          ) : (
            <ErrorAlert id={CODE_ERROR_ID} error={view.error} messages={messages} />
          )}
          {busy && (
            <p class="status" role="status">
              {view.phase === 'starting' ? m.pairing.starting : m.pairing.submitting}
            </p>
          )}
          {children}
          <Actions>
            <button type="button" disabled={busy} onClick={() => send({ type: 'user.scanCode' })}>
              {m.pairing.scan}
            </button>
            <button type="submit" class="primary" disabled={busy}>
              {m.pairing.submit}
            </button>
          </Actions>
        </form>
      )}
    </StageSection>
  );
};

/**
 * What the field shows while typing: upper case, the characters of a code only, a dash after the fourth, as the PC
 * shows the code (`ABCD-EFGH`). The machine normalises the code again before it is sent.
 */
export function formatTypedCode(text: string): string {
  const characters = text.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 8);
  return characters.length > 4 ? `${characters.slice(0, 4)}-${characters.slice(4)}` : characters;
}
