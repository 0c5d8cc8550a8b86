import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { answered, api } from '../../api/client.ts';
import { Page } from '../../components/layout.tsx';
import { Pager, usePager } from '../../components/pager.tsx';
import { ScrollRegion } from '../../components/scroll-region.tsx';
import { Empty, Loaded } from '../../components/states.tsx';
import { instantText } from '../../format/instant.ts';
import { AuditEventDialog } from './audit-event-dialog.tsx';
import { AuditFilterForm } from './audit-filter-form.tsx';
import {
  type AuditEvent,
  type AuditFilters,
  auditQuery,
  filtersOf,
  isFiltered,
  searchOf,
} from './audit-filters.ts';
import './audit-page.css';

const PAGE_SIZE = 50;

function AuditTable({
  events,
  onOpen,
}: {
  events: readonly AuditEvent[];
  onOpen: (event: AuditEvent) => void;
}) {
  return (
    <ScrollRegion label="Audit events">
      <table className="data audit-table">
        <caption className="visually-hidden">Audit events, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Action</th>
            <th scope="col">Outcome</th>
            <th scope="col">Actor</th>
            <th scope="col">Tenant</th>
            <th scope="col">Subject</th>
            <th scope="col">
              <span className="visually-hidden">Details</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.id}>
              <td>{instantText(event.at)}</td>
              <td>
                <code>{event.action}</code>
              </td>
              <td>
                <span className={`badge ${event.outcome === 'failure' ? 'badge-danger' : 'badge-success'}`}>
                  {event.outcome}
                </span>
              </td>
              <td>
                <code>{event.actor}</code>
              </td>
              <td>{event.tenantId ?? '—'}</td>
              <td className="audit-subject">{event.subject ?? '—'}</td>
              <td>
                <button
                  type="button"
                  className="button button-small"
                  aria-label={`Details of ${event.action} at ${instantText(event.at)}`}
                  onClick={() => onOpen(event)}
                >
                  Details
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** One view of the log (its filters), page by page: a new view starts again at its first page. */
function AuditResults({ filters }: { filters: AuditFilters }) {
  const pager = usePager();
  const [open, setOpen] = useState<AuditEvent | null>(null);
  const events = useQuery({
    queryKey: ['audit', filters, pager.after],
    queryFn: () =>
      answered(
        api.GET('/admin/v1/audit', { params: { query: auditQuery(filters, pager.after, PAGE_SIZE) } }),
      ),
  });
  return (
    <Loaded query={events}>
      {(data) => (
        <>
          {data.items.length === 0 ? (
            <Empty>
              {isFiltered(filters) ? 'No event matches these filters.' : 'The audit log is empty.'}
            </Empty>
          ) : (
            <AuditTable events={data.items} onOpen={setOpen} />
          )}
          <Pager pager={pager} next={data.next} />
          <AuditEventDialog event={open} onClose={() => setOpen(null)} />
        </>
      )}
    </Loaded>
  );
}

/** The audit log, newest first: filtered, paged, every event's detail a click away. */
export default function AuditPage() {
  const [search, setSearch] = useSearchParams();
  const filters = filtersOf(search);
  const view = searchOf(filters).toString();
  return (
    <Page
      title="Audit log"
      description="Logins, locks, revocations, key rotations and every change made through the management API."
    >
      <AuditFilterForm key={`form:${view}`} filters={filters} onApply={(next) => setSearch(searchOf(next))} />
      <AuditResults key={`results:${view}`} filters={filters} />
    </Page>
  );
}
