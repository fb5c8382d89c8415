/**
 * The MSW service worker of the stories that run against an in-page backend (Flows/Full exam, the console's On Msw),
 * through msw-storybook-addon's loader: one worker per page, started on the first such story and handed to it as
 * `context.msw`; each story then installs its backend's handlers. The worker script is `mockServiceWorker.js`
 * beside iframe.html (storybook/public), by a relative URL so that the static build works under any path.
 */
import type { SetupWorker } from 'msw/browser';
import { setupWorker } from 'msw/browser';
import { mswLoader } from 'msw-storybook-addon/csf3';

const startWorker = mswLoader(async () => {
  const worker = setupWorker();
  await worker.start({ serviceWorker: { url: 'mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true });
  return worker;
});

/** The page's worker, started if it is not yet, from a story's loader context. */
export async function storyWorker(context: Parameters<typeof startWorker>[0]): Promise<SetupWorker> {
  await startWorker(context);
  return (context as unknown as { msw: SetupWorker }).msw;
}
