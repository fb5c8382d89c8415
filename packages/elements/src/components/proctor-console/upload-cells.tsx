/**
 * The grid's upload-health cells: the camera's and the screen's bytes recorded / acknowledged (e.g. 12.3 / 12.1 MB),
 * the lag highlighted once it has lasted (core's uploadCell), a dash before the first sample.
 */
import { h, type FunctionalComponent } from '@stencil/core';
import { interpolate, type CandidateRow, type UploadCell } from '@examroom/core';
import type { StageProps } from './stage-parts';
import { megabytes } from './upload-health';

const Cell: FunctionalComponent<{ cell: UploadCell | null; kind: 'camera' | 'screen' } & Pick<StageProps<unknown>, 'm' | 'messages'>> = ({ cell, kind, m, messages }) => {
  const u = m.uploadHealth;
  if (!cell) {
    return (
      <td class={`upload ${kind}`} data-kind={kind}>
        <span class="muted">{m.sitting.noLot}</span>
      </td>
    );
  }
  const recorded = megabytes(messages, cell.recorded);
  const acknowledged = megabytes(messages, cell.acknowledged);
  return (
    <td class={{ upload: true, [kind]: true, lagging: cell.lagging }} data-kind={kind} data-recorded={cell.recorded} data-acknowledged={cell.acknowledged}>
      <span class="upload-figures" title={interpolate(u.cellLabel, { kind: u.kinds[kind], recorded, acknowledged })}>
        {interpolate(u.cell, { recorded, acknowledged })}
      </span>
      {cell.lagging ? <span class="badge danger lag-badge">{interpolate(u.lagging, { lag: megabytes(messages, cell.lag) })}</span> : null}
    </td>
  );
};

export const UploadCells: FunctionalComponent<{ row: CandidateRow } & Pick<StageProps<unknown>, 'm' | 'messages'>> = ({ row, m, messages }) => [
  <Cell cell={row.upload?.camera ?? null} kind="camera" m={m} messages={messages} />,
  <Cell cell={row.upload?.screen ?? null} kind="screen" m={m} messages={messages} />,
];
