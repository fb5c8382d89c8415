/** Login (监督员登录): username and password; the server's refusal shows under the form. */
import { h, type FunctionalComponent } from '@stencil/core';
import type { ProctorLoginView } from '@examroom/core';
import { StageSection } from '../../utils/stage-section';
import type { StageProps } from './stage-parts';

export const Login: FunctionalComponent<StageProps<ProctorLoginView>> = ({ view, m, messages, send }) => {
  const busy = view.phase !== 'entering';
  const error = view.error === 'INVALID_CREDENTIALS' ? m.login.invalidCredentials : view.error ? messages.errors[view.error] : null;
  const submit = (event: Event) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const field = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? '';
    send({ type: 'user.login', username: field('username'), password: field('password') });
  };
  return (
    <StageSection heading={m.login.title} class="login">
      <form class="login-form" onSubmit={submit} aria-busy={busy ? 'true' : 'false'}>
        <label htmlFor="username">{m.login.username}</label>
        <input id="username" name="username" autocomplete="username" required value={view.username} disabled={busy} aria-invalid={error ? 'true' : 'false'} />
        <label htmlFor="password">{m.login.password}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required disabled={busy} aria-invalid={error ? 'true' : 'false'} />
        {error ? (
          <p class="alert" role="alert">
            {error}
          </p>
        ) : null}
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {view.phase === 'submitting' ? m.login.submitting : view.phase === 'starting' ? m.loading : m.login.submit}
          </button>
        </div>
      </form>
    </StageSection>
  );
};
