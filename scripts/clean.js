// Removes a build output folder; a tiny script so `npm run build` needs no extra package.
const { rmSync } = require('node:fs');
const path = require('node:path');

for (const dir of process.argv.slice(2)) {
	rmSync(path.resolve(__dirname, '..', dir), { recursive: true, force: true });
}
