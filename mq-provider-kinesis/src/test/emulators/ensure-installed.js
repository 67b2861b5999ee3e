// Runs `npm ci --no-audit --no-fund` in this folder unless node_modules already holds exactly
// what package-lock.json pins. `npm ci` deletes node_modules first, which would pull the
// emulators from under a test run that is still using them, and costs seconds per build.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const here = __dirname;
const stamp = path.join(here, 'node_modules', '.mq-installed-lock.sha256');
const lockHash = crypto.createHash('sha256')
  .update(fs.readFileSync(path.join(here, 'package-lock.json')))
  .digest('hex');

if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === lockHash) {
  console.log('emulators already installed from this package-lock.json');
  process.exit(0);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: here, stdio: 'inherit' });
if (result.error) {
  console.error('cannot run npm: ' + result.error.message + ' (node and npm must be on the PATH)');
  process.exit(1);
}
if (result.status !== 0) {
  process.exit(result.status === null ? 1 : result.status);
}
fs.writeFileSync(stamp, lockHash + '\n');
