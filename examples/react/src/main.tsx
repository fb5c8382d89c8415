// A university's portal in React: its own header, the interview in the middle (<ExamRoom>), and what the portal
// does when the interview is over (onExamFinish). The server and exam come from the address:
// ?api=http://127.0.0.1:8080&exam=exam-demo (the reference server's demo, started with this page's origin allowed).
import { ExamRoom, type ExamFinishDetail } from '@examroom/react';
import '@examroom/elements/theme.css';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';

const params = new URLSearchParams(location.search);
const apiBase = params.get('api') ?? 'http://127.0.0.1:8080';
const examId = params.get('exam') ?? 'exam-demo';

function Portal() {
  const [stage, setStage] = useState('');
  const [finished, setFinished] = useState<ExamFinishDetail | null>(null);
  return (
    <main>
      <header>
        <h1>示例大学 · 远程面试</h1>
        <p>
          React · <span data-host-stage={stage}>{stage}</span>
        </p>
      </header>
      {finished && (
        <p role="status" data-finish-reason={finished.reason}>
          门户已收到：面试结束（{finished.reason}）
        </p>
      )}
      <ExamRoom apiBase={apiBase} examId={examId} locale="zh-CN" onExamStageChange={(event) => setStage(event.detail.stage)} onExamFinish={(event) => setFinished(event.detail)} />
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Portal />
  </StrictMode>,
);
