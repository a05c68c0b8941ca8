// The next firing times of an EventBridge Scheduler expression, rate(…) or cron(…) in a time zone, as a preview.

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** Up to `count` Dates after `from`, or throws an Error that says what in the expression it cannot read. */
export function nextFirings(expression, timeZone, from, count) {
  const rate = expression.match(/^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/);
  if (rate) {
    const minutes = Number(rate[1]) * { minute: 1, hour: 60, day: 1440 }[rate[2].replace(/s$/, '')];
    return Array.from({ length: count }, (_, i) => new Date(from.getTime() + (i + 1) * minutes * 60000));
  }
  const cron = expression.match(/^cron\((.+)\)$/);
  if (!cron) throw new Error('Write rate(N minutes|hours|days) or cron(minutes hours day-of-month month day-of-week year).');
  const parts = cron[1].trim().split(/\s+/);
  if (parts.length !== 6) throw new Error('A cron expression has six fields: minutes hours day-of-month month day-of-week year.');
  const [minutes, hours, dom, month, dow, year] = [
    values(parts[0], 0, 59), values(parts[1], 0, 23), values(parts[2], 1, 31),
    values(parts[3], 1, 12, MONTHS), values(parts[4], 1, 7, DAYS), values(parts[5], 1970, 2199)];
  const out = [];
  const today = wallClock(from, timeZone);
  for (let d = 0; d < 366 * 5 && out.length < count; d++) {
    const day = new Date(Date.UTC(today.year, today.month - 1, today.day + d));
    const y = day.getUTCFullYear(), m = day.getUTCMonth() + 1, dd = day.getUTCDate(), wd = day.getUTCDay() + 1;
    if (!year.has(y) || !month.has(m)) continue;
    const domAny = parts[2] === '?' || parts[2] === '*', dowAny = parts[4] === '?' || parts[4] === '*';
    if (!(domAny || dom.has(dd)) || !(dowAny || dow.has(wd))) continue;
    for (const hh of [...hours].sort((a, b) => a - b)) {
      for (const mm of [...minutes].sort((a, b) => a - b)) {
        const at = instant(y, m, dd, hh, mm, timeZone);
        if (at > from && out.length < count) out.push(at);
      }
    }
  }
  return out;
}

function values(field, min, max, names) {
  const set = new Set();
  for (const part of field.split(',')) {
    if (part === '*' || part === '?') {
      for (let v = min; v <= max; v++) set.add(v);
      continue;
    }
    const m = part.match(/^([A-Z0-9]+|\*)(?:-([A-Z0-9]+))?(?:\/(\d+))?$/i);
    if (!m) throw new Error('The preview cannot read "' + part + '" (L, W and # are not previewed).');
    const start = m[1] === '*' ? min : number(m[1], names, min);
    const end = m[2] ? number(m[2], names, min) : (m[3] ? max : start);
    const step = m[3] ? Number(m[3]) : 1;
    if (start < min || end > max || start > end || step < 1) throw new Error('"' + part + '" is outside ' + min + '–' + max + '.');
    for (let v = start; v <= end; v += step) set.add(v);
  }
  return set;
}

function number(text, names, min) {
  const named = names ? names.indexOf(text.toUpperCase()) : -1;
  if (named >= 0) return named + min;
  if (!/^\d+$/.test(text)) throw new Error('The preview cannot read "' + text + '".');
  return Number(text);
}

function wallClock(date, timeZone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric',
    month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(date).map(p => [p.type, p.value]));
  return { year: +parts.year, month: +parts.month, day: +parts.day, hour: +parts.hour, minute: +parts.minute };
}

/** The instant whose wall clock in `timeZone` reads the given time (twice corrected, for the zone's offset). */
function instant(y, m, d, hh, mm, timeZone) {
  let guess = Date.UTC(y, m - 1, d, hh, mm);
  for (let i = 0; i < 2; i++) {
    const w = wallClock(new Date(guess), timeZone);
    guess += Date.UTC(y, m - 1, d, hh, mm) - Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  }
  return new Date(guess);
}

export function formatIn(date, timeZone) {
  return new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'full', timeStyle: 'short' }).format(date) + ' (' + timeZone + ')';
}
