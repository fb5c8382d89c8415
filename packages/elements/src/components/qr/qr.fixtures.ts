/** QR code values for stories and tests of exam-qr: the phone's pairing link (as the server builds it) and none. */
import type { ExamQr } from './qr';

export const qrArgs = {
  pairing: { value: 'http://localhost:8080/phone#code=K7M2QX', size: 160 },
  large: { value: 'http://localhost:8080/phone#code=K7M2QX', size: 240 },
  empty: { value: '', size: 160 },
} satisfies Record<string, Pick<ExamQr, 'value' | 'size'>>;
