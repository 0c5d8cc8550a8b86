import { Dialog } from '../../components/dialog.tsx';
import { ScrollRegion } from '../../components/scroll-region.tsx';
import { instantText } from '../../format/instant.ts';
import type { AuditEvent } from './audit-filters.ts';

const orNone = (value: string | null) => value ?? '—';

/** Every field of one audit event, its details as pretty-printed JSON. */
export function AuditEventDialog({ event, onClose }: { event: AuditEvent | null; onClose: () => void }) {
  return (
    <Dialog
      title={event ? `Audit event ${event.action}` : 'Audit event'}
      open={event !== null}
      onClose={onClose}
      actions={
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      }
    >
      {event && (
        <>
          <dl className="facts audit-facts">
            <dt>Time</dt>
            <dd>
              {instantText(event.at)} <code>{event.at}</code>
            </dd>
            <dt>Action</dt>
            <dd>
              <code>{event.action}</code>
            </dd>
            <dt>Outcome</dt>
            <dd>{event.outcome}</dd>
            <dt>Actor</dt>
            <dd>
              <code>{event.actor}</code>
            </dd>
            <dt>Tenant</dt>
            <dd>{orNone(event.tenantId)}</dd>
            <dt>Subject</dt>
            <dd>{orNone(event.subject)}</dd>
            <dt>Request id</dt>
            <dd>{orNone(event.requestId)}</dd>
            <dt>Client address</dt>
            <dd>{orNone(event.clientAddress)}</dd>
            <dt>Event id</dt>
            <dd>
              <code>{event.id}</code>
            </dd>
          </dl>
          <h3 className="audit-details-heading">Details</h3>
          <ScrollRegion label="Details as JSON">
            <pre className="audit-details">{JSON.stringify(event.details, null, 2)}</pre>
          </ScrollRegion>
        </>
      )}
    </Dialog>
  );
}
