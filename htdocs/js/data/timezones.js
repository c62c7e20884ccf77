// IANA time zones for the time zone selects, from the browser's own list
// (Intl.supportedValuesOf), each with its current UTC offset so people can
// find theirs. The server checks every name against its zoneinfo database.

let cache = null;

function offsetOf(zone, now) {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
      .formatToParts(now).find((p) => p.type === 'timeZoneName');
    const text = part ? part.value : 'GMT';
    return text === 'GMT' ? 'UTC+00:00' : text.replace('GMT', 'UTC');
  } catch {
    return '';
  }
}

/** timeZones() -> [{value: "Europe/London", label: "Europe/London (UTC+01:00)"}]. */
export function timeZones() {
  if (cache) return cache;
  let names = [];
  try {
    names = Intl.supportedValuesOf('timeZone');
  } catch {
    names = [];
  }
  if (!names.includes('UTC')) names = ['UTC', ...names];
  const now = new Date();
  cache = names.map((zone) => {
    const offset = offsetOf(zone, now);
    return { value: zone, label: offset ? `${zone.replace(/_/g, ' ')} (${offset})` : zone.replace(/_/g, ' ') };
  });
  return cache;
}
