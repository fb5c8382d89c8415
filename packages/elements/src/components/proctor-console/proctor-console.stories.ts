/**
 * Shell/exam-proctor-console: the supervisor's console an integrator serves at `/proctor`. Attributes `api-base`,
 * `lang`, `time-zone`, the `ports` property, or a fixed `view`; the DOM event proctorCommand; theming through
 * `--exam-*` and the parts container, heading, grid and conversation. Its stages' states are the Console/* stories.
 *
 * `OnMsw` runs the real console (proctorMachine on the browser's ports) against the REST contract served in this page
 * by MSW (createMswHandlers: the real domain, the demo exam in memory, the live-events socket). The side panel plays
 * the candidates: one logs in, moves on a stage, or sends a 求助 message, and the grid follows over the socket.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { SetupWorker } from 'msw/browser';
import { PROCTOR_SESSION_STORAGE_KEY } from '@examroom/adapters/rest';
import { applyDemoExam, type DemoAccounts, type Principal } from '@examroom/domain';
import { createMswHandlers, type MswExam } from '@examroom/msw';
import type { ProctorView } from '@examroom/core';
import { loginViews } from './login.fixtures';
import { storyWorker } from '../../utils/msw-story';
import { viewControls, viewFromArgs } from '../../utils/view-controls';

type Args = { view: ProctorView };
const meta = {
  title: 'Shell/exam-proctor-console',
  component: 'exam-proctor-console',
  args: { view: loginViews.entering },
  argTypes: viewControls(loginViews),
  parameters: { layout: 'fullscreen' },
  render: (args, { globals }) =>
    html`<exam-proctor-console .view=${viewFromArgs(args)} time-zone="Asia/Shanghai" lang=${globals['locale'] ?? 'zh-CN'}></exam-proctor-console>`,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;
/** The page a supervisor opens first: 监督员登录. */
export const Default: Story = {};

interface DemoBackend {
  readonly mock: MswExam;
  readonly accounts: DemoAccounts;
  /** The candidates logged in from the side panel, by 身份证号. */
  readonly sessions: Map<string, Principal>;
}

let backend: Promise<DemoBackend> | null = null;

/**
 * The demo exam in this page's memory, served by MSW (the page's worker, from msw-storybook-addon's loader); one
 * per page load (a reload starts afresh). The loader resets the worker before every render: the handlers go back in.
 */
async function demoBackend(worker: SetupWorker): Promise<DemoBackend> {
  const demo = await (backend ??= (async () => {
    let accounts: DemoAccounts | null = null;
    const mock = createMswHandlers({
      seed: async (repo, crypto, now) => {
        accounts = await applyDemoExam(repo, crypto, now);
      },
    });
    await mock.ready;
    if (!accounts) throw new Error('the demo exam was not written');
    // A session kept from an earlier page load belongs to a backend that is gone.
    localStorage.removeItem(PROCTOR_SESSION_STORAGE_KEY);
    return { mock, accounts, sessions: new Map<string, Principal>() };
  })());
  worker.resetHandlers(...demo.mock.handlers);
  return demo;
}

/** What a candidate does from the side panel, through the domain as the candidate's page would. */
async function candidateDoes(demo: DemoBackend, index: number, action: 'login' | 'advance' | 'help', en: boolean): Promise<string> {
  const candidate = demo.accounts.candidates[index]!;
  const { domain } = demo.mock;
  try {
    let principal = demo.sessions.get(candidate.idNumber);
    if (!principal) {
      const session = await domain.loginWithPassword(
        { examId: demo.accounts.examId, idNumber: candidate.idNumber, password: candidate.password, deviceKey: `storybook-${index}-device-key` },
        { ip: '127.0.0.1' },
      );
      principal = await domain.authenticate(session.token);
      demo.sessions.set(candidate.idNumber, principal);
    }
    await domain.heartbeat(principal);
    if (action === 'advance') await domain.saveProgress(principal, { stage: 'bindingEvidence' });
    if (action === 'help') await domain.sendHelpMessage(principal, { id: crypto.randomUUID(), text: en ? 'My camera shows nothing.' : '老师，我的摄像头没有画面，怎么办？' });
    return `${candidate.name}: ${action}`;
  } catch (error) {
    return `${candidate.name}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * The real console on MSW: log in as `supervisor` / `demo-supervisor`, open a sitting, and use the side panel to
 * have the demo candidates log in, move on, or ask for help.
 */
export const OnMsw: Story = {
  // Not on the docs page: it starts a service worker, which a page of every story should not.
  tags: ['!autodocs'],
  loaders: [async (context) => ({ demo: await demoBackend(await storyWorker(context)) })],
  render: (_args, { globals, loaded }) => {
    const demo = loaded['demo'] as DemoBackend;
    const locale = (globals['locale'] as string | undefined) ?? 'zh-CN';
    const en = !locale.toLowerCase().startsWith('zh');
    const panel = document.createElement('div');
    panel.style.cssText = 'display:grid;grid-template-columns:1fr 16rem;gap:1rem;align-items:start';
    const side = document.createElement('aside');
    side.style.cssText = 'padding:1rem;font:14px system-ui';
    const status = document.createElement('p');
    status.setAttribute('role', 'status');
    const page = document.createElement('exam-proctor-console');
    page.setAttribute('lang', locale);
    page.setAttribute('time-zone', demo.accounts.timeZone);
    panel.prepend(page);
    side.replaceChildren(
      Object.assign(document.createElement('p'), { textContent: `${demo.accounts.supervisor.username} / ${demo.accounts.supervisor.password}` }),
      ...demo.accounts.candidates.slice(0, 3).flatMap((candidate, index) =>
        (['login', 'advance', 'help'] as const).map((action) => {
          const button = document.createElement('button');
          button.type = 'button';
          button.textContent = `${candidate.name} · ${en ? { login: 'log in', advance: 'move on', help: 'ask for help' }[action] : { login: '登录', advance: '下一环节', help: '求助' }[action]}`;
          button.style.cssText = 'display:block;margin-block:.25rem';
          button.addEventListener('click', () => void candidateDoes(demo, index, action, en).then((text) => (status.textContent = text)));
          return button;
        }),
      ),
      status,
    );
    panel.append(side);
    return panel;
  },
};
