// The app's own use of @examroom/core: its statechart (with XState and RxJS in it), offered to the page's other
// scripts. A bundler keeps only what is used; with this the bundle must hold the statechart once, shared by the app
// and the elements, not once for each.
import { createExamActor } from '@examroom/core';

globalThis.examroomApp = { createExamActor };
