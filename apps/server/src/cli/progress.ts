/** Progress lines for long work: redrawn in place on a terminal, one line per step otherwise. */
export function progress(label: string, total: number) {
  const tty = process.stderr.isTTY;
  let last = -1;
  const started = performance.now();
  return {
    tick(done: number) {
      const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
      if (pct === last) return;
      last = pct;
      if (tty) process.stderr.write(`\r${label}: ${pct}% (${done}/${total})`);
      else if (pct % 25 === 0) process.stderr.write(`${label}: ${pct}% (${done}/${total})\n`);
    },
    done(detail = '') {
      const secs = ((performance.now() - started) / 1000).toFixed(1);
      if (tty) process.stderr.write('\r\x1b[K');
      process.stderr.write(`${label}: done in ${secs} s${detail ? ` — ${detail}` : ''}\n`);
    },
  };
}
