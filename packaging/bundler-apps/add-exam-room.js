/**
 * Puts <exam-room> on the page for the demo exam, against the examroom server named by the page's `?api=` (the test's
 * reference server, on another origin), and shows the stage it reports (`#stage`).
 */
export function addExamRoom(describe = (stage) => stage) {
  const room = document.createElement('exam-room');
  room.setAttribute('api-base', new URLSearchParams(location.search).get('api') ?? '');
  room.setAttribute('exam-id', 'exam-demo');
  room.setAttribute('lang', 'zh-CN');
  room.addEventListener('examStageChange', (event) => {
    document.querySelector('#stage').textContent = describe(event.detail.stage);
  });
  document.body.append(room);
}
