// A job's error in the reader's language, where the error's details tell a cancel's own story (cancelled before it
// started, or the engine restarted because it did not stop in time); anything else through sayError (err_<code>).
import { m } from '../../paraglide/messages.js';
import { sayError } from '../say.ts';

const CANCELLED: Record<string, () => string> = {
  queued: m.job_cancelled_queued,
  restarted: m.job_cancelled_restarted,
};

export function sayJobError(e: { code: string; message: string; details?: Record<string, unknown> } | null): string {
  if (e?.code === 'cancelled') {
    const why = CANCELLED[String(e.details?.why ?? '')];
    if (why) return why();
  }
  return sayError(e);
}
