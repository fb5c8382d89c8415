import { Component, Element, Event, Method, Prop, State, Watch, h, type EventEmitter } from '@stencil/core';
import { DEFAULT_TIME_ZONE, ErrorCode, interpolate, isPhoneSilent, type AnsweringView } from '@examroom/core';
import type { ExamCommandDetail } from '../../utils/command';
import { ErrorAlert } from '../../utils/error-alert';
import { formatMegabytes, messagesFor } from '../../utils/i18n';
import { focusHeading, StageSection } from '../../utils/stage-section';

/** Errors that belong to the 求助 panel; while it is open they show there, beside the text box. */
const HELP_ERRORS: ReadonlySet<ErrorCode> = new Set([ErrorCode.HELP_MESSAGE_EMPTY, ErrorCode.HELP_MESSAGE_FAILED]);

/**
 * 开始答题 (R22–R27): the questions on the left; on the right the live video, the volume bar, the recording state,
 * the candidate's details, the countdown, 「结束考试」 and 「求助」. It tells the candidate to keep answering when the
 * network drops, asks to share the screen or open the camera again when a track ends, confirms 「结束考试」 in a modal
 * box (focus on 「取消」, Escape cancels, focus back on 「结束考试」) and opens the 求助 panel beside the video. The side
 * panel also shows the phone's evidence (录制中 · 已上传 x MB, 手机无响应 by the server time `now`, 手机已停止录制, a
 * replaced phone) with 「重新绑定手机」, which shows a fresh pairing QR code in a modal box (R10).
 *
 * @csspart heading - The stage heading; it takes focus when the stage appears.
 * @csspart content - The questions.
 * @csspart side - The column with the video, details, countdown and buttons.
 * @csspart banner - The offline banner.
 * @csspart dialog - The 结束考试 confirmation box.
 * @csspart phone - The phone's evidence in the side panel.
 * @csspart rebind-dialog - The 重新绑定手机 box with the pairing QR code.
 * @cssproperty --exam-answering-side-inline-size - Width of the right column on wide screens; 20rem by default.
 * @cssproperty --exam-answering-question-font-size - Size of the question text; 1.25rem by default.
 * @cssproperty --exam-answering-warning-color - Colour of the offline banner's edge; #9a6700 by default.
 */
@Component({ tag: 'exam-answering', styleUrl: 'answering.css', shadow: true })
export class ExamAnswering {
  @Element() host!: HTMLElement;

  /** The stage's view model from core's `selectView`. */
  @Prop() view: AnsweringView = {
    stage: 'answering',
    questions: { phase: 'loading', items: [], canRefresh: false },
    deadline: 0,
    timeZone: DEFAULT_TIME_ZONE,
    candidate: null,
    lot: null,
    preview: { stream: null, volume: 0 },
    online: true,
    recording: { phase: 'ok', recordings: [] },
    help: { open: false, sending: false, messages: [], unsent: null, unread: 0 },
    ending: { confirming: false },
    uploadError: null,
    error: null,
    phone: { state: null, required: false, replaced: false, bytesReceived: null, bytesExpected: null, percent: null, silentFrom: null },
    rebinding: { phase: 'closed', pairing: null },
  };

  /** Language of the texts (attribute `lang`): zh-CN by default, en for any non-Chinese tag. */
  @Prop({ attribute: 'lang' }) locale?: string;

  /** Server time (epoch ms) from the shell; the countdown shows deadline − now. */
  @Prop() now = 0;

  /** The network came back during this stage: say so once the offline banner goes. */
  @State() reconnected = false;

  /**
   * A `user.*` command: refreshQuestions, shareScreen, reopenCamera, openHelp, closeHelp, sendHelp, endExam, cancelEnd,
   * confirmEnd, rebindPhone, refreshPairing, closeRebinding.
   */
  @Event({ eventName: 'examCommand', bubbles: true, composed: true }) examCommand!: EventEmitter<ExamCommandDetail>;

  private dialog?: HTMLDialogElement;
  private cancelButton?: HTMLButtonElement;
  private endButton?: HTMLButtonElement;
  private helpButton?: HTMLButtonElement;
  private helpChat?: HTMLExamHelpChatElement;
  private rebindDialog?: HTMLDialogElement;
  private rebindButton?: HTMLButtonElement;
  private rebindCloseButton?: HTMLButtonElement;
  /** What the last render showed, so focus moves only when a dialog opens or closes. */
  private wasConfirming = false;
  private wasHelpOpen = false;
  private wasRebinding = false;

  @Watch('view')
  protected viewChanged(current: AnsweringView, previous: AnsweringView | undefined): void {
    if (!previous) return;
    if (!previous.online && current.online) this.reconnected = true;
    else if (!current.online) this.reconnected = false;
  }

  componentDidRender(): void {
    const { confirming } = this.view.ending;
    const dialog = this.dialog;
    if (dialog && confirming && !dialog.open) {
      dialog.showModal();
      // The safe default: a stray Enter must not end the exam.
      this.cancelButton?.focus();
    } else if (dialog && !confirming && dialog.open) {
      dialog.close();
    }
    if (this.wasConfirming && !confirming) this.endButton?.focus();
    this.wasConfirming = confirming;

    // Opening 求助 takes the candidate to its text box; closing it returns focus to 「求助」.
    const helpOpen = this.view.help.open;
    if (!this.wasHelpOpen && helpOpen && !confirming) void this.helpChat?.setFocus();
    if (this.wasHelpOpen && !helpOpen && !confirming) this.helpButton?.focus();
    this.wasHelpOpen = helpOpen;

    // 重新绑定手机: a modal box while the machine has it open; focus on 「关闭」, then back on the button that opened it.
    const rebinding = this.view.rebinding.phase !== 'closed';
    const rebindDialog = this.rebindDialog;
    if (rebindDialog && rebinding && !rebindDialog.open) {
      rebindDialog.showModal();
      this.rebindCloseButton?.focus();
    } else if (rebindDialog && !rebinding && rebindDialog.open) {
      rebindDialog.close();
    }
    if (this.wasRebinding && !rebinding) this.rebindButton?.focus();
    this.wasRebinding = rebinding;
  }

  /** Moves focus to the stage heading (called by <exam-room> on a stage change). */
  @Method()
  async setFocus(): Promise<void> {
    focusHeading(this.host);
  }

  private send(command: ExamCommandDetail): void {
    this.examCommand.emit(command);
  }

  private readonly cancelEnd = () => this.send({ type: 'user.cancelEnd' });

  private readonly closeRebinding = () => this.send({ type: 'user.closeRebinding' });

  // Escape closes the box through the machine, like 「关闭」.
  private readonly onRebindCancel = (event: Event) => {
    event.preventDefault();
    this.closeRebinding();
  };

  private readonly onDialogKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    this.cancelEnd();
  };

  // The browser closes a modal dialog on Escape by itself; keep it open until the machine says so.
  private readonly onDialogCancel = (event: Event) => {
    event.preventDefault();
    this.cancelEnd();
  };

  private renderQuestions() {
    const m = messagesFor(this.locale);
    const { questions } = this.view;
    const items = [...questions.items].sort((a, b) => a.order - b.order);
    return (
      <section part="content" class="questions" aria-labelledby="questions-heading">
        <h3 id="questions-heading" class="section-title">
          {m.answering.questions}
        </h3>
        <p class="hint">{m.answering.answerHint}</p>
        {questions.phase === 'loading' && (
          <p class="loading" role="status">
            {m.answering.loadingQuestions}
          </p>
        )}
        {questions.phase === 'failed' && (
          <div class="alert questions-failed" role="alert">
            <p>{m.errors.QUESTIONS_UNAVAILABLE}</p>
            <button type="button" class="primary refresh" disabled={!questions.canRefresh} onClick={() => this.send({ type: 'user.refreshQuestions' })}>
              {m.actions.refreshQuestions}
            </button>
          </div>
        )}
        {questions.phase === 'shown' && (
          <ol class="question-list">
            {items.map((question) => (
              <li key={question.id} class="question">
                <h4 class="number">{interpolate(m.answering.questionNumber, { n: question.order })}</h4>
                <p class="text">{question.text}</p>
              </li>
            ))}
          </ol>
        )}
      </section>
    );
  }

  private renderRecordingAlerts() {
    const m = messagesFor(this.locale);
    const { phase } = this.view.recording;
    if (phase === 'screenLost' || phase === 'resharing') {
      return this.renderTrackLost(m.answering.screenLost, 'reshare', m.actions.shareScreen, phase === 'resharing' ? m.answering.resharing : null, {
        type: 'user.shareScreen',
      });
    }
    if (phase === 'cameraLost' || phase === 'reopeningCamera') {
      return this.renderTrackLost(m.answering.cameraLost, 'reopen', m.actions.reopenCamera, phase === 'reopeningCamera' ? m.answering.reopeningCamera : null, {
        type: 'user.reopenCamera',
      });
    }
    return null;
  }

  /** A track that stopped recording: what happened, and the button that asks for it again, disabled while `pending` says what is under way. */
  private renderTrackLost(message: string, action: string, label: string, pending: string | null, command: ExamCommandDetail) {
    return (
      <div class="alert track-lost" role="alert">
        <p>{message}</p>
        <div class="inline-actions">
          <button type="button" class={`primary ${action}`} disabled={pending !== null} onClick={() => this.send(command)}>
            {label}
          </button>
          {pending && <span class="muted">{pending}</span>}
        </div>
      </div>
    );
  }

  /** The phone's evidence: its state and uploaded size, or what went wrong and what to do; 「重新绑定手机」. */
  private renderPhone() {
    const m = messagesFor(this.locale);
    const { phone } = this.view;
    if (!phone.required && (phone.state === null || phone.state === 'waitingForPhone')) return null;
    const state = phone.state ?? 'waitingForPhone';
    const silent = this.now > 0 && isPhoneSilent(phone, this.now);
    const stopped = state === 'stopped' || state === 'uploaded';
    // Only the state is a live region: the size changes every few seconds and must not be read out while answering.
    const [before = '', after = ''] = m.answering.phoneUploaded.split('{state}');
    const sized = state === 'recording' && phone.bytesReceived !== null;
    return (
      <section part="phone" class="phone" aria-labelledby="phone-heading">
        <h3 id="phone-heading" class="section-title small">
          {m.answering.phoneTitle}
        </h3>
        <p class={{ 'phone-state': true, problem: silent || stopped || state !== 'recording' }}>
          {sized && before}
          <span class="state" role="status">
            {m.evidence[state]}
          </span>
          {sized && interpolate(after, { size: formatMegabytes(m, phone.bytesReceived ?? 0) })}
        </p>
        {phone.replaced && (
          <p class="phone-replaced" role="status">
            {m.bindingEvidence.phoneReplaced}
          </p>
        )}
        {stopped && (
          <div class="alert phone-stopped" role="alert">
            <p class="title">{m.answering.phoneStopped}</p>
            <p>{m.answering.phoneStoppedHelp}</p>
          </div>
        )}
        {silent && !stopped && (
          <div class="alert phone-silent" role="alert">
            <p class="title">{m.answering.phoneSilent}</p>
            <p>{m.answering.phoneSilentHelp}</p>
          </div>
        )}
        <button type="button" class="rebind" aria-haspopup="dialog" ref={(el) => (this.rebindButton = el)} onClick={() => this.send({ type: 'user.rebindPhone' })}>
          {m.actions.rebindPhone}
        </button>
      </section>
    );
  }

  /** 重新绑定手机: a fresh code for a new phone, the phone's status as it pairs, 「刷新二维码」 and 「关闭」. */
  private renderRebindDialog() {
    const m = messagesFor(this.locale);
    const { rebinding, phone, error } = this.view;
    const state = phone.state ?? 'waitingForPhone';
    const [codeBefore = '', codeAfter = ''] = m.bindingEvidence.linkCode.split('{code}');
    return (
      <dialog part="rebind-dialog" class="rebind-dialog" aria-labelledby="rebind-title" ref={(el) => (this.rebindDialog = el)} onCancel={this.onRebindCancel}>
        <h3 id="rebind-title" class="rebind-title">
          {m.answering.rebindTitle}
        </h3>
        <p class="rebind-intro">{m.answering.rebindIntro}</p>
        {rebinding.phase === 'creating' && (
          <p class="muted generating" role="status">
            {m.bindingEvidence.pairing}
          </p>
        )}
        {rebinding.phase === 'failed' && <ErrorAlert error={error ?? ErrorCode.PAIRING_FAILED} messages={m} />}
        {rebinding.phase === 'shown' && rebinding.pairing && (
          <div class="rebind-code">
            <exam-qr value={rebinding.pairing.url} label={m.bindingEvidence.qrLabel} size={200} lang={this.locale}></exam-qr>
            <p class="link-code">
              <span class="code-label">{codeBefore}</span>
              <span class="pairing-code">{rebinding.pairing.code}</span>
              {codeAfter}
            </p>
            <p class="type-code">{interpolate(m.bindingEvidence.typeCode, { page: rebinding.pairing.phonePage })}</p>
          </div>
        )}
        <p class="rebind-status" role="status" aria-live="polite">
          <span class="label">{m.bindingEvidence.phoneStatus}</span> <strong class="state">{m.evidence[state]}</strong>
        </p>
        <div class="actions">
          <button type="button" class="refresh-pairing" disabled={rebinding.phase === 'creating'} onClick={() => this.send({ type: 'user.refreshPairing' })}>
            {m.actions.refreshPairing}
          </button>
          <button type="button" class="close-rebinding" ref={(el) => (this.rebindCloseButton = el)} onClick={this.closeRebinding}>
            {m.actions.close}
          </button>
        </div>
      </dialog>
    );
  }

  private renderSide() {
    const m = messagesFor(this.locale);
    const { candidate, lot, preview, recording, help, deadline } = this.view;
    // Anything but 'ok' means one of the tracks is not being recorded right now.
    const interrupted = recording.phase !== 'ok';
    const helpError = help.open && this.view.error && HELP_ERRORS.has(this.view.error) ? this.view.error : null;
    return (
      <aside part="side" class="side">
        <exam-video-preview class="video" stream={preview.stream} label={m.answering.liveVideo} lang={this.locale}></exam-video-preview>
        <exam-volume-meter level={preview.volume} label={m.answering.volume} lang={this.locale}></exam-volume-meter>
        <p class={{ recording: true, interrupted }} role="status">
          <span class="dot" aria-hidden="true"></span>
          {interrupted ? m.answering.recordingPaused : m.answering.recording}
        </p>
        {this.renderPhone()}
        {candidate && (
          <section class="info" aria-labelledby="info-heading">
            <h3 id="info-heading" class="section-title small">
              {m.answering.personalInfo}
            </h3>
            <dl>
              <div>
                <dt>{m.confirmingInfo.name}</dt>
                <dd class="name">{candidate.name}</dd>
              </div>
              <div>
                <dt>{m.confirmingInfo.idNumber}</dt>
                <dd class="id-number">{candidate.idNumberMasked}</dd>
              </div>
              <div>
                <dt>{m.confirmingInfo.admissionNumber}</dt>
                <dd class="admission-number">{candidate.admissionNumber}</dd>
              </div>
              <div>
                <dt>{m.confirmingInfo.lot}</dt>
                <dd class="lot">{lot ?? m.drawingLot.notDrawn}</dd>
              </div>
            </dl>
          </section>
        )}
        <exam-timer class="timer" remainingMs={Math.max(0, deadline - this.now)} lang={this.locale}></exam-timer>
        <div class="side-actions">
          <button type="button" class="danger end" ref={(el) => (this.endButton = el)} onClick={() => this.send({ type: 'user.endExam' })}>
            {m.actions.endExam}
          </button>
          <button
            type="button"
            class="help"
            aria-expanded={String(help.open)}
            aria-controls="help-panel"
            ref={(el) => (this.helpButton = el)}
            onClick={() => this.send(help.open ? { type: 'user.closeHelp' } : { type: 'user.openHelp' })}
          >
            {m.actions.help}
            {help.unread > 0 && (
              <span class="badge">
                <span aria-hidden="true">{help.unread}</span>
                <span class="visually-hidden">{interpolate(m.help.unread, { n: help.unread })}</span>
              </span>
            )}
          </button>
        </div>
        {/* Hidden rather than removed while closed, so a half-written message survives closing the panel. */}
        <exam-help-chat
          id="help-panel"
          class="help-panel"
          hidden={!help.open}
          messages={help.messages}
          sending={help.sending}
          unsent={help.unsent}
          error={helpError}
          timeZone={this.view.timeZone}
          lang={this.locale}
          ref={(el) => (this.helpChat = el)}
        ></exam-help-chat>
      </aside>
    );
  }

  render() {
    const m = messagesFor(this.locale);
    const { view } = this;
    // Said once where it belongs: the questions' own alert, or the 求助 panel while it is open.
    const shownElsewhere =
      (view.error === ErrorCode.QUESTIONS_UNAVAILABLE && view.questions.phase === 'failed') ||
      (view.help.open && view.error !== null && HELP_ERRORS.has(view.error)) ||
      view.rebinding.phase === 'failed';
    return (
      <StageSection class="answer" heading={m.answering.title}>
        <div part="banner" class={{ banner: true, offline: !view.online, reconnected: view.online && this.reconnected }} role="status">
          {!view.online ? m.answering.offlineBanner : this.reconnected ? m.answering.onlineAgain : ''}
        </div>
        {this.renderRecordingAlerts()}
        <ErrorAlert class="upload-error" error={view.uploadError} messages={m} />
        <ErrorAlert class="error" error={shownElsewhere ? null : view.error} messages={m} />
        <div class="layout">
          {this.renderQuestions()}
          {this.renderSide()}
        </div>
        <dialog
          part="dialog"
          class="confirm"
          role="alertdialog"
          aria-modal="true"
          aria-labelledby="confirm-title"
          aria-describedby="confirm-text"
          ref={(el) => (this.dialog = el)}
          onKeyDown={this.onDialogKeyDown}
          onCancel={this.onDialogCancel}
        >
          <h3 id="confirm-title" class="confirm-title">
            {m.answering.confirmEndTitle}
          </h3>
          <p id="confirm-text">{m.answering.confirmEnd}</p>
          <div class="actions">
            <button type="button" class="cancel" ref={(el) => (this.cancelButton = el)} onClick={this.cancelEnd}>
              {m.actions.cancel}
            </button>
            <button type="button" class="danger confirm-end" onClick={() => this.send({ type: 'user.confirmEnd' })}>
              {m.actions.confirm}
            </button>
          </div>
        </dialog>
        {this.renderRebindDialog()}
      </StageSection>
    );
  }
}
