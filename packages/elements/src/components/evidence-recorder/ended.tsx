/**
 * ended (结束): the evidence is on the server (done), another phone took over (replaced), or the phone session ended
 * (expired). Nothing runs any more. Stage of core's evidence/stages/ended.ts.
 */
import { h, type FunctionalComponent } from '@stencil/core';
import type { EndedView } from '@examroom/core';
import { StageSection } from '../../utils/stage-section';
import type { StageProps } from './stage-parts';

export const Ended: FunctionalComponent<StageProps<EndedView>> = ({ view, m }) => {
  const words = m.ended[view.phase];
  return (
    <StageSection heading={words.title} class={`stage ended ${view.phase}`}>
      <p class={view.phase === 'done' ? 'intro success' : 'intro'}>{words.text}</p>
    </StageSection>
  );
};
