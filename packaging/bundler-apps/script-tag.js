// A page without a bundler: the elements come from the package's self-contained build (dist/examroom, loaded by the
// page's <script type="module" src="…/examroom.esm.js">), and this module runs as it is.
import { addExamRoom } from './add-exam-room.js';

addExamRoom();
