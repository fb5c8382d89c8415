/** The in-memory backend's sample exam, like the demo's. */
import type { MemoryExamFixture } from './memory-exam.types.js';

/** A small exam like the demo's: two sittings, three candidates, three questions. `startsAt` is sitting 1's start. */
export function sampleFixture(startsAt: number): MemoryExamFixture {
  return {
    exam: {
      id: 'exam-demo',
      title: '综合素质评估',
      policy: {},
      timeZone: 'Asia/Shanghai',
      sittings: [
        { id: 'sitting-1', name: '第一场', startsAt },
        { id: 'sitting-2', name: '第二场', startsAt: startsAt + 90 * 60_000 },
      ],
    },
    candidates: [
      {
        candidate: { id: 'cand-1', name: '张三', idNumberMasked: '1101**********0011', admissionNumber: '2026000001' },
        sittingId: 'sitting-1',
        idNumber: '110101200001010011',
        password: 'demo-pass-1',
      },
      {
        candidate: { id: 'cand-2', name: '李四', idNumberMasked: '1101**********0022', admissionNumber: '2026000002' },
        sittingId: 'sitting-1',
        idNumber: '110101200001010022',
        password: 'demo-pass-2',
      },
      {
        candidate: { id: 'cand-3', name: '王五', idNumberMasked: '1101**********0033', admissionNumber: '2026000003' },
        sittingId: 'sitting-2',
        idNumber: '110101200001010033',
        password: 'demo-pass-3',
      },
    ],
    questions: [
      { id: 'q1', order: 1, text: '请简要介绍你报考本专业的原因。' },
      { id: 'q2', order: 2, text: '请谈谈你在团队合作中遇到的一次困难以及你的解决办法。' },
      { id: 'q3', order: 3, text: '你如何看待人工智能对未来学习方式的影响？' },
    ],
  };
}
