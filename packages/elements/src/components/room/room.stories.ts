/**
 * Flows/Full exam: the real <exam-room> running the real exam machine on the browser's real ports (camera,
 * recorder, IndexedDB, tus) against the REST contract served in this page by MSW (createMswHandlers, the demo exam
 * in memory). A side panel lists the demo accounts and stands in for the candidate's phone at 佐证绑定.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { SetupWorker } from 'msw/browser';
import { API_PREFIX } from '@examroom/adapters/rest';
import { applyDemoExam, type DemoAccounts } from '@examroom/domain';
import { createMswHandlers, type MswExam } from '@examroom/msw';
import { storyWorker } from '../../utils/msw-story';

type Args = {
  /** Minutes from the story's start to the first sitting (the demo's own is 5; entry opens 15 before, login 30). */
  minutesToStart: number;
};

/** One in-memory backend: the demo exam, its accounts, and the last pairing code shown (for the simulated phone). */
interface DemoBackend {
  readonly minutesToStart: number;
  readonly mock: MswExam;
  readonly accounts: DemoAccounts;
  /** This backend's own device key, so that one from an earlier backend in this browser does not carry over. */
  readonly deviceKey: string;
  pairingCode: string | null;
}

const MIN = 60_000;
/** The demo fixture puts the first sitting this far after the moment it is written. */
const DEMO_LEAD_MINUTES = 5;
const PAIRING_PATH = `${API_PREFIX}/me/pairing`;

let backend: DemoBackend | null = null;
/** The worker this page's pairing-code listener is on (the addon keeps one worker per page). */
let listenedTo: SetupWorker | null = null;

/** Remember the pairing code the candidate's page was given, for the simulated phone. */
function listenForPairingCodes(worker: SetupWorker): void {
  worker.events.on('response:mocked', ({ request, response }) => {
    if (request.method !== 'POST' || new URL(request.url).pathname !== PAIRING_PATH || !response.ok) return;
    void response
      .clone()
      .json()
      .then((body: { code?: unknown }) => {
        if (backend && typeof body.code === 'string') backend.pairingCode = body.code;
      })
      .catch(() => undefined);
  });
}

/**
 * The backend lives in this page's memory, so every page load starts a new exam: drop what the browser ports kept
 * from an earlier load (the session token and unsent recordings), which this backend would not know.
 */
async function forgetEarlierRuns(): Promise<void> {
  localStorage.removeItem('examroom.token');
  await new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase('examroom-recordings');
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

/** The backend for these args: kept while they stay the same (switching locale or theme keeps the exam going). */
async function demoBackend(worker: SetupWorker, minutesToStart: number): Promise<DemoBackend> {
  if (listenedTo !== worker) {
    listenedTo = worker;
    listenForPairingCodes(worker);
    await forgetEarlierRuns();
  }
  // The addon's loader resets the worker to its initial handlers before every render: make them this backend's.
  if (backend && backend.minutesToStart === minutesToStart) {
    worker.resetHandlers(...backend.mock.handlers);
    return backend;
  }
  let accounts: DemoAccounts | null = null;
  const mock = createMswHandlers({
    // Writing the demo as if earlier moves its first sitting to `minutesToStart` from now.
    seed: async (repo, crypto, now) => {
      accounts = await applyDemoExam(repo, crypto, now - (DEMO_LEAD_MINUTES - minutesToStart) * MIN);
    },
  });
  await mock.ready;
  if (!accounts) throw new Error('the demo exam was not written');
  worker.resetHandlers(...mock.handlers);
  localStorage.removeItem('examroom.token');
  backend = { minutesToStart, mock, accounts, deviceKey: `storybook-${crypto.randomUUID()}`, pairingCode: null };
  return backend;
}

/** What the candidate's phone does: scan the code shown at 佐证绑定, then start the evidence recording. */
async function simulatePhone(demo: DemoBackend, locale: string): Promise<string> {
  const en = !locale.toLowerCase().startsWith('zh');
  if (!demo.pairingCode) return en ? 'Open 佐证绑定 (evidence binding) first: the phone needs its QR code.' : '请先进入「佐证绑定」，手机需要扫描其中的二维码。';
  try {
    const { domain } = demo.mock;
    const session = await domain.pairPhone({ code: demo.pairingCode }, { ip: '127.0.0.1' });
    const phone = await domain.authenticate(session.token);
    await domain.setEvidenceStatus(phone, { state: 'roomScanned' });
    await domain.setEvidenceStatus(phone, { state: 'recording' });
    return en ? 'The phone is recording.' : '手机已开始录制。';
  } catch (error) {
    return `${en ? 'The phone could not pair' : '手机绑定失败'}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

const meta = {
  title: 'Flows',
  component: 'exam-room',
  args: { minutesToStart: DEMO_LEAD_MINUTES },
  argTypes: { minutesToStart: { control: { type: 'number', min: 1, max: 45, step: 1 } } },
  parameters: { layout: 'fullscreen' },
  // No docs page: <exam-room>'s is Shell/exam-room's, and this flow starts a service worker and the camera.
  tags: ['!autodocs'],
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;

/**
 * The whole candidate journey, 设备准备 to 上传成功, in real time (the exam lasts 5 minutes). Log in with a demo
 * account (身份证号 + 密码 demo1234), and press the phone button at 佐证绑定.
 */
export const FullExam: Story = {
  name: 'Full exam',
  loaders: [async (context) => ({ demo: await demoBackend(await storyWorker(context), context.args.minutesToStart) })],
  render: (_args, { globals, loaded }) => {
    const demo = loaded['demo'] as DemoBackend;
    const locale = String(globals['locale'] ?? 'zh-CN');
    const en = !locale.toLowerCase().startsWith('zh');
    const sitting = demo.accounts.sittings[0];
    const onPhone = (event: Event) => {
      const status = (event.currentTarget as HTMLElement).parentElement?.querySelector('output');
      if (status) void simulatePhone(demo, locale).then((text) => (status.textContent = text));
    };
    return html`
      <div style="display: grid; gap: 1.5rem; grid-template-columns: minmax(0, 1fr) minmax(14rem, 18rem); align-items: start; padding: 1rem">
        <exam-room api-base="" exam-id=${demo.accounts.examId} device-key=${demo.deviceKey} lang=${locale}></exam-room>
        <aside style="font-size: 0.875rem; border-inline-start: 1px solid #d0d7de; padding-inline-start: 1rem">
          <h2 style="font-size: 1rem; margin-block: 0 0.5rem">${en ? 'Demo backend (MSW, in this page)' : '演示后端（MSW，运行在本页）'}</h2>
          <p>${demo.accounts.examTitle}${sitting ? html`<br />${sitting.name}: ${new Date(sitting.startsAt).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', timeZone: demo.accounts.timeZone })}` : ''}</p>
          <table>
            <thead>
              <tr>
                <th scope="col">${en ? 'Name' : '姓名'}</th>
                <th scope="col">${en ? 'ID number' : '身份证号'}</th>
              </tr>
            </thead>
            <tbody>
              ${demo.accounts.candidates
                .filter((candidate) => candidate.sittingId === sitting?.id)
                .map((candidate) => html`<tr><td>${candidate.name}</td><td><code>${candidate.idNumber}</code></td></tr>`)}
            </tbody>
          </table>
          <p>${en ? 'Password' : '密码'}: <code>${demo.accounts.candidates[0]?.password ?? ''}</code></p>
          <div>
            <button type="button" @click=${onPhone}>${en ? 'Phone: scan the code and start recording' : '模拟手机：扫码并开始录制'}</button>
            <p><output role="status"></output></p>
          </div>
        </aside>
      </div>
    `;
  },
};
