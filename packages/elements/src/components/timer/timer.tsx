import { Component, Host, Prop, State, Watch, h } from '@stencil/core';
import { splitDuration, type DurationParts } from '@examroom/core';
import { messagesFor } from '../../utils/i18n';

/** Thresholds announced to screen readers (STYLE.md) and their messages, smallest first. */
const ANNOUNCEMENTS = [
  [30_000, 'announce30s'],
  [60_000, 'announce1min'],
  [300_000, 'announce5min'],
] as const;

type Announcement = (typeof ANNOUNCEMENTS)[number][1];

/** Below one minute the timer turns to its warning state. */
const WARNING_BELOW_SECONDS = 60;

/**
 * A countdown display. It never ticks by itself: the shell passes the remaining time, computed from the server
 * clock, and the timer formats it and announces politely when it crosses 5 min, 1 min and 30 s.
 *
 * @csspart container - The `role="timer"` box holding the label and the time.
 * @csspart label - The timer's name.
 * @csspart content - The remaining time (mm:ss, or h:mm:ss from one hour).
 * @csspart warning - The text shown below one minute.
 * @cssproperty --exam-timer-color - Colour of the time; falls back to `--exam-color-text`.
 * @cssproperty --exam-timer-warning-color - Colour below one minute; falls back to `--exam-color-danger`.
 */
@Component({ tag: 'exam-timer', styleUrl: 'timer.css', shadow: true })
export class ExamTimer {
  /** Milliseconds left, from the shell's countdown; the display rounds up to whole seconds. */
  @Prop() remainingMs = 0;

  /** Language of the texts (attribute `lang`): zh-CN by default, en for any non-Chinese tag. */
  @Prop({ attribute: 'lang' }) locale?: string;

  /** Visible name of the timer; defaults to 剩余时间 / Time left. */
  @Prop() label?: string;

  /** Whether the last minute shows 即将结束 in the warning colour; off for a countdown to a start. */
  @Prop() warning = true;

  /** The last threshold crossed, read out by the polite live region. */
  @State() announcement: Announcement | null = null;

  /** The smallest threshold announced so far; a resync that adds time back does not repeat it. */
  private lastAnnouncedMs = Number.POSITIVE_INFINITY;

  @Watch('remainingMs')
  protected remainingChanged(current: number, previous: number): void {
    // When one update crosses several thresholds only the smallest is current; at zero whoever ends the exam speaks.
    const crossed = ANNOUNCEMENTS.find(
      ([threshold]) => current > 0 && current <= threshold && threshold < previous && threshold < this.lastAnnouncedMs,
    );
    if (!crossed) return;
    this.lastAnnouncedMs = crossed[0];
    this.announcement = crossed[1];
  }

  render() {
    const m = messagesFor(this.locale);
    const parts = splitDuration(this.remainingMs);
    const warning = this.warning && parts.hours * 3600 + parts.minutes * 60 + parts.seconds < WARNING_BELOW_SECONDS;
    return (
      <Host>
        <div part="container" class={{ container: true, warning }} role="timer" aria-labelledby="label">
          <span part="label" class="label" id="label">
            {this.label ?? m.answering.timeLeft}
          </span>
          <time part="content" class="time" dateTime={isoDuration(parts)}>
            {formatClock(parts)}
          </time>
          {warning && (
            <span part="warning" class="warning-text">
              {m.answering.timeAlmostUp}
            </span>
          )}
        </div>
        <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
          {this.announcement ? m.answering[this.announcement] : ''}
        </div>
      </Host>
    );
  }
}

/** mm:ss, or h:mm:ss from one hour up. */
function formatClock({ hours, minutes, seconds }: DurationParts): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${two(minutes)}:${two(seconds)}`;
}

function isoDuration({ hours, minutes, seconds }: DurationParts): string {
  return `PT${hours}H${minutes}M${seconds}S`;
}
