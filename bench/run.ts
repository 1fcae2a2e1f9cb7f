// `npm run bench`: runs every bench/*.bench.ts, writes .results/latest.json (git-ignored) and a table, and compares each figure
// with the previous run's (.results/previous.json) when there is one. Figures are measured, never asserted.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface BenchFigure {
	name: string;
	value: number;
	unit: string;
	goal?: string;
}

interface BenchModule {
	run(): Promise<BenchFigure[]>;
}

const resultsDir = path.resolve(__dirname, '..', '..', '.results');

async function main(): Promise<void> {
	const only = process.argv.slice(2);
	const figures: Array<BenchFigure & { suite: string }> = [];
	for (const file of benchFiles(only)) {
		const suite = path.basename(file).replace(/\.bench\.js$/, '');
		process.stderr.write(`bench: ${suite}…\n`);
		const bench = (await import(file)) as BenchModule;
		for (const figure of await bench.run()) figures.push({ suite, ...figure });
	}
	const previous = readPrevious();
	const report = { ranAt: new Date().toISOString(), machine: machine(), figures };
	mkdirSync(resultsDir, { recursive: true });
	const latest = path.join(resultsDir, 'latest.json');
	if (existsSync(latest)) renameSync(latest, path.join(resultsDir, 'previous.json'));
	writeFileSync(latest, `${JSON.stringify(report, null, 2)}\n`);
	process.stdout.write(table(figures, previous));
}

function benchFiles(only: string[]): string[] {
	return readdirSync(__dirname)
		.filter((name) => name.endsWith('.bench.js'))
		.filter((name) => only.length === 0 || only.some((wanted) => name.startsWith(wanted)))
		.map((name) => path.join(__dirname, name));
}

function readPrevious(): Map<string, number> {
	const file = path.join(resultsDir, 'latest.json');
	if (!existsSync(file)) return new Map();
	const report = JSON.parse(readFileSync(file, 'utf8')) as { figures: Array<BenchFigure & { suite: string }> };
	return new Map(report.figures.map((figure) => [`${figure.suite}/${figure.name}`, figure.value]));
}

function machine(): string {
	return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

function table(figures: Array<BenchFigure & { suite: string }>, previous: Map<string, number>): string {
	const rows = figures.map((figure) => {
		const before = previous.get(`${figure.suite}/${figure.name}`);
		const change = before ? `${((figure.value / before - 1) * 100).toFixed(1)} %` : '';
		return `| ${figure.suite} | ${figure.name} | ${format(figure.value)} ${figure.unit} | ${figure.goal ?? ''} | ${change} |`;
	});
	return ['| suite | figure | value | goal | vs previous run |', '|---|---|---|---|---|', ...rows, ''].join('\n');
}

function format(value: number): string {
	return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exitCode = 1;
});
