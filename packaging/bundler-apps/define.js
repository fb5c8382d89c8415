// An app that uses @examroom/core itself and defines <exam-room> and every stage it renders with one call (for
// bundlers that drop side-effect imports).
import { defineExamRoom } from '@examroom/elements/components/define-exam-room.js';
import { addExamRoom } from './add-exam-room.js';
import './uses-core.js';

defineExamRoom();
addExamRoom();
