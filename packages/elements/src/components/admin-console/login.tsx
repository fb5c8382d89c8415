/**
 * Login (管理员登录): username and password; then, with a one-time password, 设置新密码 — the one-time password again and
 * the new one twice. The server's refusal, or what the console saw wrong before sending, shows under the form, tied
 * to the field it is about.
 */
import { h, type FunctionalComponent } from '@stencil/core';
import { interpolate, NEW_PASSWORD_MIN_LENGTH, type AdminLoginView } from '@examroom/core';
import { StageSection } from '../../utils/stage-section';
import { fieldAttributes, FormError, formReader, Hint, refusalText, type StageProps } from './stage-parts';

export const Login: FunctionalComponent<StageProps<AdminLoginView>> = (props) =>
  props.view.phase === 'passwordRequired' || props.view.phase === 'changingPassword' ? <NewPassword {...props} /> : <Credentials {...props} />;

const Credentials: FunctionalComponent<StageProps<AdminLoginView>> = ({ view, m, messages, send }) => {
  const busy = view.phase !== 'entering';
  const error = view.error === 'INVALID_CREDENTIALS' ? m.login.invalidCredentials : view.error ? refusalText(m, messages, view.error) : null;
  const submit = (event: Event) => {
    const form = formReader(event);
    send({ type: 'user.login', username: form.text('username'), password: form.text('password') });
  };
  return (
    <StageSection heading={m.login.title} class="login">
      <form class="stacked-form" onSubmit={submit} aria-busy={busy ? 'true' : 'false'}>
        <label htmlFor="login-username">{m.login.username}</label>
        <input {...fieldAttributes('login', 'username', { invalid: error !== null })} autocomplete="username" required value={view.username} disabled={busy} />
        <label htmlFor="login-password">{m.login.password}</label>
        <input {...fieldAttributes('login', 'password', { invalid: error !== null })} type="password" autocomplete="current-password" required disabled={busy} />
        <FormError form="login" text={error} />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {view.phase === 'submitting' ? m.login.submitting : view.phase === 'starting' ? m.loading : m.login.submit}
          </button>
        </div>
      </form>
    </StageSection>
  );
};

const NewPassword: FunctionalComponent<StageProps<AdminLoginView>> = ({ view, m, messages, send }) => {
  const busy = view.phase === 'changingPassword';
  const min = { min: NEW_PASSWORD_MIN_LENGTH };
  const problem = view.passwordProblem;
  const error = problem ? interpolate(m.login.problems[problem], min) : view.error ? refusalText(m, messages, view.error) : null;
  const submit = (event: Event) => {
    const form = formReader(event);
    send({ type: 'user.changePassword', currentPassword: form.text('currentPassword'), newPassword: form.text('newPassword'), confirmation: form.text('confirmation') });
  };
  return (
    <StageSection heading={m.login.newPasswordTitle} class="login">
      <p>{interpolate(m.login.newPasswordIntro, min)}</p>
      <form class="stacked-form" onSubmit={submit} aria-busy={busy ? 'true' : 'false'}>
        <input type="text" name="username" autocomplete="username" value={view.username} hidden readonly />
        <label htmlFor="password-currentPassword">{m.login.currentPassword}</label>
        <input
          {...fieldAttributes('password', 'currentPassword', { invalid: view.error === 'WRONG_PASSWORD' })}
          type="password"
          autocomplete="current-password"
          required
          disabled={busy}
        />
        <label htmlFor="password-newPassword">{m.login.newPassword}</label>
        <input
          {...fieldAttributes('password', 'newPassword', { invalid: problem === 'tooShort' || problem === 'sameAsCurrent' || view.error === 'VALIDATION_FAILED', hint: true })}
          type="password"
          autocomplete="new-password"
          minLength={NEW_PASSWORD_MIN_LENGTH}
          required
          disabled={busy}
        />
        <Hint form="password" name="newPassword">
          {interpolate(m.login.newPasswordHint, min)}
        </Hint>
        <label htmlFor="password-confirmation">{m.login.confirmation}</label>
        <input {...fieldAttributes('password', 'confirmation', { invalid: problem === 'mismatch' })} type="password" autocomplete="new-password" required disabled={busy} />
        <FormError form="password" text={error} />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {busy ? m.login.changingPassword : m.login.changePassword}
          </button>
          <button type="button" disabled={busy} onClick={() => send({ type: 'user.logout' })}>
            {m.logout}
          </button>
        </div>
      </form>
    </StageSection>
  );
};
