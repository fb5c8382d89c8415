import { describe, expect, it } from 'vitest';
import { createFakeAdminPorts, FAKE_ADMIN, type FakeAdminPorts } from '@examroom/core/testing';
import type { AdminView } from '@examroom/core';
import '../../../dist/components/exam-admin-console.js';
import { mount, part, rendered, renderedUntil, shadow } from '../../testing/mount.test-kit';
import { auditViews } from './audit.fixtures';
import { examsViews } from './exams.fixtures';
import { loginViews } from './login.fixtures';
import { questionSetsViews } from './question-sets.fixtures';
import { resultsViews } from './results.fixtures';
import { rosterViews } from './roster.fixtures';
import { sittingsViews } from './sittings.fixtures';
import { supervisorsViews } from './supervisors.fixtures';

/** 2026-03-01 08:30 Beijing time. */
const NOW = Date.UTC(2026, 2, 1, 0, 30);
const NEW_PASSWORD = 'a-long-new-password';

type Console = HTMLElementTagNameMap['exam-admin-console'];

const heading = (page: Console) => shadow(page).querySelector('.heading')?.textContent ?? null;
const alertText = (page: Console) => shadow(page).querySelector('.form-error')?.textContent ?? null;
const active = (page: Console) => shadow(page).activeElement;

function type(page: Console, selector: string, value: string): void {
  const field = part<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(page, selector);
  field.value = value;
  field.dispatchEvent(new Event('input'));
}

async function submit(page: Console, selector = 'form'): Promise<void> {
  part<HTMLFormElement>(page, selector).dispatchEvent(new Event('submit', { cancelable: true }));
  await rendered();
}

async function clickButton(page: Console, text: string): Promise<void> {
  const button = [...shadow(page).querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.trim() === text);
  if (!button) throw new Error(`no button 「${text}」`);
  button.click();
  await rendered();
}

async function started(fakes: FakeAdminPorts): Promise<Console> {
  const page = document.createElement('exam-admin-console');
  Object.assign(page, { ports: fakes.ports });
  document.body.append(page);
  await renderedUntil(() => heading(page) === '管理员登录' && !part(page, 'button[type="submit"]').hasAttribute('disabled'));
  return page;
}

describe('exam-admin-console running adminMachine on the fake backend', () => {
  it('logs in with a one-time password, sets a new one, creates an exam and a sitting, and a supervisor whose password shows once', async () => {
    const fakes = createFakeAdminPorts({ now: () => NOW });
    const page = await started(fakes);
    type(page, '#login-username', FAKE_ADMIN.username);
    type(page, '#login-password', FAKE_ADMIN.password);
    await submit(page);
    await renderedUntil(() => heading(page) === '设置新密码');

    // Mistyped confirmation: said before sending, tied to the field, which takes focus.
    type(page, '#password-currentPassword', FAKE_ADMIN.password);
    type(page, '#password-newPassword', NEW_PASSWORD);
    type(page, '#password-confirmation', `${NEW_PASSWORD}!`);
    await submit(page);
    await renderedUntil(() => alertText(page) === '两次输入的新密码不一致。');
    expect(part(page, '#password-confirmation').getAttribute('aria-invalid')).toBe('true');
    expect(part(page, '#password-confirmation').getAttribute('aria-describedby')).toBe('password-error');
    expect(active(page)?.id).toBe('password-confirmation');
    expect(fakes.api.mustChangePassword).toBe(true);
    type(page, '#password-confirmation', NEW_PASSWORD);
    await submit(page);
    await renderedUntil(() => heading(page) === '考试');
    expect(fakes.api.password).toBe(NEW_PASSWORD);
    expect(part(page, 'nav button[aria-current="page"]').textContent).toBe('考试');

    await clickButton(page, '新建考试');
    expect(active(page)?.id).toBe('exam-title');
    type(page, '#exam-title', '2026 年硕士研究生复试');
    type(page, '#exam-timeZone', 'Mars/Olympus');
    await submit(page, '.record-form');
    await renderedUntil(() => alertText(page) !== null);
    expect(alertText(page)).toContain('时区无效');
    expect(active(page)?.id).toBe('exam-timeZone');
    expect(part<HTMLInputElement>(page, '#exam-title').value).toBe('2026 年硕士研究生复试');
    type(page, '#exam-timeZone', 'Asia/Shanghai');
    type(page, '#exam-answerMinutes', '10');
    part<HTMLInputElement>(page, '#exam-faceLogin').checked = false;
    await submit(page, '.record-form');
    await renderedUntil(() => shadow(page).querySelector('.record-form') === null);
    // Only what differs from what applies is set (the defaults stay absent).
    expect(fakes.api.exams[0]).toMatchObject({ title: '2026 年硕士研究生复试', timeZone: 'Asia/Shanghai', policy: { answerMs: 600_000, faceLogin: false } });
    expect(Object.keys(fakes.api.exams[0]!.policy).sort()).toEqual(['answerMs', 'faceLogin']);

    await clickButton(page, '管理场次与题目');
    await renderedUntil(() => heading(page) === '场次');
    await clickButton(page, '新建场次');
    type(page, '#sitting-name', '第一场');
    type(page, '#sitting-startsAt', '2026-03-01T08:00');
    await submit(page, '.record-form');
    await renderedUntil(() => alertText(page) !== null);
    expect(alertText(page)).toBe('开始时间必须晚于服务器当前时间。');
    expect(active(page)?.id).toBe('sitting-startsAt');
    type(page, '#sitting-startsAt', '2026-03-01T09:00');
    await submit(page, '.record-form');
    await renderedUntil(() => shadow(page).querySelector('tr[data-sitting]') !== null);
    // Entered in the exam's zone (Beijing), whatever the browser's (UTC here).
    expect(fakes.api.sittings[0]).toMatchObject({ name: '第一场', startsAt: Date.UTC(2026, 2, 1, 1, 0) });

    part<HTMLButtonElement>(page, 'button[data-tab="questionSets"]').click();
    await renderedUntil(() => heading(page) === '面试题目' && shadow(page).querySelector('.toolbar') !== null);
    await clickButton(page, '新建题目套');
    type(page, '#questionSet-name', 'A 卷');
    type(page, '#questionSet-questions', '请介绍你自己。\n\n你为什么报考？\n');
    await submit(page, '.record-form');
    await renderedUntil(() => shadow(page).querySelector('.set-list') !== null);
    expect(fakes.api.questionSets[0]?.questions.map((q) => q.text)).toEqual(['请介绍你自己。', '你为什么报考？']);

    part<HTMLButtonElement>(page, 'button[data-section="supervisors"]').click();
    await renderedUntil(() => heading(page) === '监督员' && shadow(page).querySelector('.toolbar') !== null);
    await clickButton(page, '新建监督员');
    type(page, '#supervisor-username', 'teacher.li');
    part<HTMLInputElement>(page, `input[name="sittingIds"][value="${fakes.api.sittings[0]!.id}"]`).checked = true;
    await submit(page, '.record-form');
    await renderedUntil(() => shadow(page).querySelector('[data-password]') !== null);
    expect(part(page, '[data-password]').textContent).toBe(`one-time-${fakes.api.supervisors[0]!.id}`);
    expect(fakes.api.supervisors[0]).toMatchObject({ username: 'teacher.li', sittingIds: [fakes.api.sittings[0]!.id] });
    await clickButton(page, '我已记下');
    expect(shadow(page).querySelector('[data-password]')).toBeNull();

    part<HTMLButtonElement>(page, 'button[data-section="audit"]').click();
    await renderedUntil(() => shadow(page).querySelector('tr[data-action]') !== null);
    expect([...shadow(page).querySelectorAll('tr[data-action]')].map((row) => row.getAttribute('data-action')).slice(0, 4)).toEqual([
      'supervisor.create',
      'questionSet.create',
      'sitting.create',
      'exam.create',
    ]);
    expect(shadow(page).querySelector('tr[data-action="exam.create"]')?.textContent).toContain('新建考试');

    // 删除 asks first: 确认删除 takes focus, 取消 keeps the set, 确认删除 deletes it.
    part<HTMLButtonElement>(page, 'button[data-section="exams"]').click();
    await renderedUntil(() => shadow(page).querySelector('tr[data-exam]') !== null);
    await clickButton(page, '管理场次与题目');
    await renderedUntil(() => heading(page) === '场次');
    part<HTMLButtonElement>(page, 'button[data-tab="questionSets"]').click();
    await renderedUntil(() => shadow(page).querySelector('li[data-set]') !== null);
    await clickButton(page, '删除');
    expect(active(page)?.textContent).toBe('确认删除');
    expect(shadow(page).querySelector('.confirm-delete')?.textContent).toContain('删除「A 卷」？');
    await clickButton(page, '取消');
    expect(fakes.api.questionSets).toHaveLength(1);
    await clickButton(page, '删除');
    await clickButton(page, '确认删除');
    await renderedUntil(() => shadow(page).querySelector('li[data-set]') === null);
    expect(fakes.api.questionSets).toHaveLength(0);
  });
});

/** Chooses a file in a file field, as the browser's picker does (the field's `files`, then `change`). */
async function chooseFile(page: Console, selector: string, file: File): Promise<void> {
  const input = part<HTMLInputElement>(page, selector);
  Object.defineProperty(input, 'files', { configurable: true, value: [file] });
  input.dispatchEvent(new Event('change'));
  await rendered();
}

describe('exam-admin-console: 考生名单 and 结果导出', () => {
  it('checks a roster file at once, lists its bad rows by line, imports only a clean one, saves the passwords file, and downloads the results', async () => {
    const fakes = createFakeAdminPorts({ now: () => NOW, mustChangePassword: false });
    const exam = await fakes.api.login(FAKE_ADMIN.username, FAKE_ADMIN.password).then(async ({ token }) => {
      fakes.session.save({ token });
      return fakes.api.createExam({ title: '2026 硕士复试', timeZone: 'Asia/Shanghai' });
    });
    await fakes.api.createSitting(exam.id, { name: '上午场', startsAt: NOW + 3_600_000 });
    const page = document.createElement('exam-admin-console');
    Object.assign(page, { ports: fakes.ports });
    document.body.append(page);
    await renderedUntil(() => shadow(page).querySelector('tr[data-exam]') !== null);
    await clickButton(page, '管理场次与题目');
    await renderedUntil(() => heading(page) === '场次');
    part<HTMLButtonElement>(page, 'button[data-tab="roster"]').click();
    await renderedUntil(() => heading(page) === '考生名单' && shadow(page).querySelector('#roster-file') !== null);
    expect(shadow(page).textContent).toContain('此考试还没有考生');

    const header = '姓名,身份证号,准考证号,场次';
    await chooseFile(page, '#roster-file', new File([`${header}\n张三,110101199003070011,2031001,上午场\n李四,110101199003070022,2031001,晚上场\n`], '名单.csv'));
    await renderedUntil(() => shadow(page).querySelector('.roster-report') !== null);
    expect([...shadow(page).querySelectorAll('tr[data-line]')].map((row) => [row.getAttribute('data-line'), row.getAttribute('data-code')])).toEqual([
      ['3', 'SITTING_UNKNOWN'],
      ['3', 'ADMISSION_NUMBER_DUPLICATE'],
    ]);
    expect(shadow(page).querySelector('.roster-report')?.textContent).toContain('未导入任何考生');
    expect(shadow(page).querySelector('button[data-import]')).toBeNull();
    // The field was emptied: the corrected file, chosen under the same name, is checked again.
    expect(part<HTMLInputElement>(page, '#roster-file').value).toBe('');
    await chooseFile(page, '#roster-file', new File([`${header}\n张三,110101199003070011,2031001,上午场\n李四,110101199003070022,2031002,上午场\n`], '名单.csv'));
    await renderedUntil(() => shadow(page).querySelector('button[data-import]') !== null);
    expect(part(page, 'button[data-import]').textContent).toBe('导入 2 名考生');
    part<HTMLButtonElement>(page, 'button[data-import]').click();
    await renderedUntil(() => shadow(page).querySelector('button[data-save-passwords]') !== null && shadow(page).querySelectorAll('tr[data-candidate]').length === 2);
    expect(shadow(page).querySelector('.notice.imported')?.textContent).toContain('新增 2 名');
    part<HTMLButtonElement>(page, 'button[data-save-passwords]').click();
    expect(fakes.files.saved.map((file) => file.name)).toEqual([`passwords-${exam.id}.csv`]);

    part<HTMLButtonElement>(page, 'button[data-tab="results"]').click();
    await renderedUntil(() => shadow(page).querySelector('button[data-sitting]') !== null);
    part<HTMLButtonElement>(page, 'button[data-sitting]').click();
    await renderedUntil(() => shadow(page).querySelectorAll('tr[data-candidate]').length === 2);
    part<HTMLButtonElement>(page, 'button[data-download="xlsx"]').click();
    await renderedUntil(() => fakes.files.saved.length === 2);
    expect(fakes.files.saved[1]!.name).toBe(`results-${fakes.api.sittings[0]!.id}.xlsx`);
    page.remove();
  });
});

describe('every fixture of the console', () => {
  const fixtures: Record<string, Record<string, AdminView>> = { loginViews, examsViews, sittingsViews, questionSetsViews, rosterViews, resultsViews, supervisorsViews, auditViews };
  for (const [record, views] of Object.entries(fixtures)) {
    for (const [name, view] of Object.entries(views)) {
      it(`${record}.${name}: every field has a label, and what describes it exists`, async () => {
        for (const lang of ['zh-CN', 'en']) {
          const page = await mount('exam-admin-console', { view, locale: lang });
          const root = shadow(page);
          for (const field of root.querySelectorAll<HTMLElement>('input:not([hidden]), select, textarea')) {
            const labelled = field.closest('label') !== null || (field.id !== '' && root.querySelector(`label[for="${field.id}"]`) !== null);
            expect(labelled, `${field.outerHTML} has no label`).toBe(true);
            for (const id of (field.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean)) {
              expect(root.getElementById(id), `${field.id} is described by a missing #${id}`).not.toBeNull();
            }
          }
          const ids = [...root.querySelectorAll('[id]')].map((element) => element.id);
          expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
          page.remove();
        }
      });
    }
  }
});
