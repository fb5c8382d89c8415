import { afterEach, describe, expect, it } from 'vitest';
import { createFakePhonePorts, type FakePhonePorts } from '@examroom/core/testing';
import '../../../dist/components/exam-evidence-recorder.js';
import { buttonNamed, mount, nextEvent, part, rendered, renderedUntil, shadow } from '../../testing/mount.test-kit';
import type { EvidenceEndDetail } from './evidence-recorder-interface';
import { pairingViews } from './pairing.fixtures';

const NOW = Date.UTC(2026, 1, 28, 1, 50);
const CODE = 'PQRS2345';
const MB = 1024 * 1024;

type Recorder = HTMLElementTagNameMap['exam-evidence-recorder'];

function phone(): FakePhonePorts {
  const fakes = createFakePhonePorts({ now: NOW });
  fakes.api.codes.add(CODE);
  // happy-dom's <video> takes only its own MediaStream as srcObject: give the fake camera's captures one.
  const open = fakes.camera.open;
  fakes.camera.open = async (facing) => Object.assign(await open(facing), { stream: new MediaStream() });
  return fakes;
}

const heading = (page: Recorder) => shadow(page).querySelector('.heading')?.textContent ?? null;
const statusLine = (page: Recorder) => shadow(page).querySelector('[part="status"]')?.textContent ?? null;
const ringValue = (page: Recorder) => shadow(page).querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow') ?? null;
/** The element inside the page's shadow root that has focus. */
const focused = (page: Recorder) => shadow(page).activeElement;

/** Attaches a recorder on the fake ports and waits until it shows its first stage. */
async function started(fakes: FakePhonePorts, props: Partial<Recorder> = {}): Promise<Recorder> {
  const page = document.createElement('exam-evidence-recorder');
  Object.assign(page, { ports: fakes.ports, ...props });
  document.body.append(page);
  await renderedUntil(() => shadow(page).querySelector('.heading') !== null && !shadow(page).querySelector('.status')?.textContent?.includes('正在'));
  return page;
}

afterEach(() => {
  history.replaceState(null, '', '/');
});

describe('exam-evidence-recorder running evidenceMachine on the fake phone ports', () => {
  it('walks from the typed code to the camera, the room scan, recording, 结束录制, the upload and done', async () => {
    const fakes = phone();
    const page = await started(fakes);
    expect(heading(page)).toBe('佐证绑定');

    // 配对: the code typed in lower case, shown as the PC shows it, sent on 「确定」.
    const field = part<HTMLInputElement>(page, 'input#pairing-code');
    field.value = 'pqrs2345';
    field.dispatchEvent(new Event('input'));
    await rendered();
    expect(part<HTMLInputElement>(page, 'input#pairing-code').value).toBe('PQRS-2345');
    part<HTMLFormElement>(page, 'form').dispatchEvent(new Event('submit', { cancelable: true }));
    await renderedUntil(() => heading(page) === '打开摄像头和麦克风' && shadow(page).querySelector('.facing') !== null);
    expect(fakes.session.kept?.token).toBe(`phone-token-${CODE}`);
    // A stage change moves focus to the new stage's heading.
    await renderedUntil(() => focused(page) === part(page, '.heading'));
    const preview = part<HTMLElement & { stream: MediaStream | null }>(page, 'exam-video-preview');
    expect(preview.stream).toBe(fakes.camera.opened[0]!.stream);

    // 环拍: the compass turns a full circle; the ring follows.
    buttonNamed(page, '开始环拍').click();
    await renderedUntil(() => ringValue(page) !== null);
    expect(ringValue(page)).toBe('0');
    for (let degrees = 0; degrees <= 180; degrees += 10) fakes.orientation.heading(degrees);
    await renderedUntil(() => Number(ringValue(page)) >= 50);
    expect(Number(ringValue(page))).toBeLessThan(100);
    for (let degrees = 180; degrees <= 360; degrees += 10) fakes.orientation.heading(degrees % 360);
    await renderedUntil(() => heading(page) === '佐证视频录制');
    expect(fakes.api.reports).toEqual(['roomScanned']);

    // 录制: 「开始录制」, then the status line counts what the server acknowledged.
    buttonNamed(page, '开始录制').click();
    await renderedUntil(() => statusLine(page)?.startsWith('录制中') === true && fakes.recorder.started.length === 1);
    fakes.recorder.started[0]!.emit(new Uint8Array(1.5 * MB).fill(1));
    await renderedUntil(() => statusLine(page) === '录制中 · 已上传 1.5 / 1.5 MB');
    expect(fakes.api.reports).toEqual(['roomScanned', 'recording']);
    expect(fakes.wakeLock.held).toBe(true);

    // 结束录制, confirmed: the question takes focus; then the rest uploads until the server says uploaded.
    buttonNamed(page, '结束录制').click();
    await renderedUntil(() => shadow(page).querySelector('[role="alertdialog"]') !== null);
    await renderedUntil(() => focused(page) === part(page, '[role="alertdialog"]'));
    buttonNamed(page, '结束录制').click();
    await renderedUntil(() => statusLine(page)?.startsWith('上传中') === true);
    expect(fakes.api.reports).toEqual(['roomScanned', 'recording', 'stopped']);
    const ended = nextEvent<EvidenceEndDetail>(page, 'evidenceEnd');
    fakes.api.push('uploaded');
    expect((await ended).detail).toEqual({ outcome: 'done' });
    await renderedUntil(() => heading(page) === '佐证视频已上传');
    expect(fakes.camera.opened[0]!.stopped).toBe(true);
    expect(fakes.session.kept).toBeNull();
  });

  it('pairs with the code in the address\'s fragment and removes the fragment, so that a reload does not send it again', async () => {
    history.replaceState(null, '', `/phone?exam=1#code=${CODE.slice(0, 4)}-${CODE.slice(4)}`);
    const fakes = phone();
    const page = await started(fakes);
    await renderedUntil(() => heading(page) === '打开摄像头和麦克风');
    expect(location.hash).toBe('');
    expect(location.pathname + location.search).toBe('/phone?exam=1');
    expect(fakes.session.kept?.token).toBe(`phone-token-${CODE}`);
  });

  it('takes the pairing-code attribute over the address, and says a used code is used', async () => {
    history.replaceState(null, '', `/phone#code=${CODE}`);
    const fakes = phone();
    const page = await started(fakes, { pairingCode: 'WXYZ2345' });
    await renderedUntil(() => shadow(page).querySelector('[role="alert"]') !== null);
    expect(part(page, '[role="alert"]').textContent).toContain('绑定码无效或已过期');
    expect(part<HTMLInputElement>(page, 'input#pairing-code').value).toBe('WXYZ-2345');
    // The address is left alone when the attribute gives the code.
    expect(location.hash).toBe(`#code=${CODE}`);
  });

  it('tells the host page when another phone took over', async () => {
    const fakes = phone();
    const page = await started(fakes, { pairingCode: CODE });
    await renderedUntil(() => heading(page) === '打开摄像头和麦克风');
    const ended = nextEvent<EvidenceEndDetail>(page, 'evidenceEnd');
    fakes.api.revoke('PHONE_REPLACED');
    expect((await ended).detail).toEqual({ outcome: 'replaced' });
    await renderedUntil(() => heading(page) === '已在另一部手机上继续录制');
  });

  it('stops the machine and lets go of the camera when removed from the page', async () => {
    const fakes = phone();
    const page = await started(fakes, { pairingCode: CODE });
    await renderedUntil(() => shadow(page).querySelector('.facing') !== null);
    page.remove();
    await rendered();
    expect(fakes.camera.opened[0]!.stopped).toBe(true);
  });

  it('with a view, shows it and starts nothing, leaving the address alone', async () => {
    history.replaceState(null, '', `/phone#code=${CODE}`);
    const fakes = phone();
    const page = await mount('exam-evidence-recorder', { ports: fakes.ports, view: pairingViews.entering });
    await rendered();
    expect(heading(page)).toBe('佐证绑定');
    expect(fakes.api.codes.has(CODE)).toBe(true);
    expect(fakes.camera.opened).toEqual([]);
    expect(location.hash).toBe(`#code=${CODE}`);
  });
});
