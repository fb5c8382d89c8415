/** A stage's error as the candidate reads it: the message for its code, in an alert. */
import { h, type FunctionalComponent } from '@stencil/core';
import type { ErrorCode, Messages } from '@examroom/core';

export interface ErrorAlertProps {
  /** The error to show; nothing renders when there is none. */
  readonly error: ErrorCode | null | undefined;
  /** The messages of the component's language. */
  readonly messages: Messages;
  /** Classes beside `alert`, for tests and styles that tell one alert from another. */
  readonly class?: string;
  /** The id that fields name in `aria-describedby`. */
  readonly id?: string;
}

/** `<p class="alert" role="alert">` with the error's message, or nothing. */
export const ErrorAlert: FunctionalComponent<ErrorAlertProps> = ({ error, messages, class: className, id }) =>
  error ? (
    <p id={id} class={className ? `alert ${className}` : 'alert'} role="alert">
      {messages.errors[error]}
    </p>
  ) : null;
