// The browser tests drive Debian's Chromium (never a downloaded browser build). Install it when
// missing and we are root (CI runs as root); otherwise stop with a clear message.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const CHROMIUM = process.env.CIC_CHROMIUM ?? '/usr/bin/chromium';

if (!existsSync(CHROMIUM)) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root) {
    console.error(`${CHROMIUM} is missing: install Debian's chromium (sudo apt-get install -y chromium) and run the tests again.`);
    process.exit(1);
  }
  console.log(`${CHROMIUM} is missing: installing Debian's chromium with apt-get ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-noto-cjk'], { stdio: 'inherit', env });
  if (!existsSync(CHROMIUM)) {
    console.error(`apt-get finished but ${CHROMIUM} is still missing`);
    process.exit(1);
  }
}
