/**
 * 实时画面 on the candidate's page: while the camera and the screen are recorded, supervisors may watch them. The
 * actor follows the recordings' commands (each `record` names the stream a kind is recorded from now, `stopAll` ends
 * them) and keeps the page published with exactly those streams — the view never opens a device of its own. A new
 * stream (a new screen share) publishes anew: the server ends the views of the old publication and the consoles ask
 * again. Without a LiveViewPublisher port nothing is published.
 */
import { fromCallback } from 'xstate';
import type { ExamPorts } from '../../ports/index.js';
import type { LiveViewMedia, LiveViewPublication } from '../../ports/live-view.port.js';
import type { RecordingsCommand } from '../exam.types.js';

export function liveViewActors(ports: ExamPorts) {
  return {
    liveView: fromCallback<RecordingsCommand>(({ receive }) => {
      let media: LiveViewMedia = {};
      let publication: LiveViewPublication | null = null;
      const publish = () => {
        publication?.stop();
        publication = ports.liveView && (media.camera || media.screen) ? ports.liveView.publish(media) : null;
      };
      receive((command) => {
        if (command.type === 'record') {
          if (media[command.kind] === command.stream) return;
          media = { ...media, [command.kind]: command.stream };
          publish();
        } else if (command.type === 'stopAll') {
          media = {};
          publish();
        }
      });
      return () => publication?.stop();
    }),
  };
}
