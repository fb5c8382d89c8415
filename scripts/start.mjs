// `npm start`: the demo (reference server + seeded exam + demo portal) is built in packages/server. Until that
// package has a server, say so plainly instead of failing obscurely.
import { existsSync } from 'node:fs';

const server = new URL('../packages/server/dist/main.js', import.meta.url);
if (!existsSync(server)) {
  console.error(
    'The examroom demo server is not built yet: it arrives with packages/server (the reference backend).\n' +
      'Until then, `npm test` runs everything there is: the exam statechart, its rules, streams and messages.',
  );
  process.exit(1);
}
await import(server.href);
