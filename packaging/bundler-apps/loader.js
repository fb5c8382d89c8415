// An app that registers every element with the lazy loader: each component's chunk loads when its tag first appears.
import { defineCustomElements } from '@examroom/elements/loader';
import { addExamRoom } from './add-exam-room.js';

defineCustomElements();
addExamRoom();
