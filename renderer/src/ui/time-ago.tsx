/**
 * A time as people read it in lists: "3 min ago", with the full local date and time on hover
 * (and for screen readers via <time dateTime>). Re-renders each minute so ages stay true.
 */
import { formatAge } from '../../../shared/deploy-text';
import { useNow } from '../hooks/use-now';
import { formatTime } from '../lib/format';

export function TimeAgo({ iso, className }: { iso: string | undefined; className?: string }) {
  const now = useNow(!!iso, 60_000);
  if (!iso) return <span className={className}>—</span>;
  const full = formatTime(iso);
  return (
    <time dateTime={iso} title={full} className={className}>
      {formatAge(iso, now)}
    </time>
  );
}
