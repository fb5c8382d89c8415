// An app that uses @examroom/core itself and embeds <exam-room> from the custom-elements build (importing the room's
// module defines it and every stage it renders).
import { STAGES } from '@examroom/core';
import '@examroom/elements/components/exam-room.js';
import '@examroom/elements/theme.css';
import { addExamRoom } from './add-exam-room.js';
import './uses-core.js';

addExamRoom((stage) => `${STAGES.indexOf(stage) + 1} / ${STAGES.length}`);
