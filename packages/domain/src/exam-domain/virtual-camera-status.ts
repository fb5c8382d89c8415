/**
 * R7 「不得使用滤镜、美颜等功能」 as the server keeps it: a supervisor's waiver is an intervention of kind
 * `virtualCameraWaiver`; the camera refused is the page's `virtualCamera` incident (its label as the detail), reported
 * when the server refused 设备确认 — a refused call changes nothing, so the page tells it, as it tells every incident.
 */
import type * as C from '@examroom/adapters/rest';
import type { Repository } from '../repository.js';

/** A supervisor waived the candidate's virtual or filter camera: 设备确认 accepts it. */
export async function isVirtualCameraWaived(repo: Repository, candidateId: string): Promise<boolean> {
  return (await repo.listInterventions(candidateId)).some((row) => row.kind === 'virtualCameraWaiver');
}

/** CandidateStatus.virtualCamera once the candidate's page reported a virtual or filter camera. */
export async function virtualCameraStatusOf(repo: Repository, candidateId: string): Promise<Pick<C.CandidateStatusBody, 'virtualCamera'>> {
  const reported = (await repo.listIncidents(candidateId)).filter((incident) => incident.kind === 'virtualCamera').at(-1);
  if (!reported) return {};
  return { virtualCamera: { label: reported.detail ?? '', at: reported.at, waived: await isVirtualCameraWaived(repo, candidateId) } };
}
