// `node .build/test/simulators/cli.js [--zendesk-port N] [--braze-port N] [--fast]`: starts both simulators on loopback,
// prints their URLs, credentials and campaign ids as one JSON line on stdout, and runs until SIGINT/SIGTERM.
import { startSandbox } from './sandbox';

function portArg(args: string[], name: string): number | undefined {
	const index = args.indexOf(name);
	if (index < 0) return undefined;
	const port = Number(args[index + 1]);
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} needs a port number`);
	return port;
}

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	const sandbox = await startSandbox({
		zendeskPort: portArg(args, '--zendesk-port'),
		brazePort: portArg(args, '--braze-port'),
		fast: args.includes('--fast'),
	});
	process.stdout.write(`${JSON.stringify(sandbox.info)}\n`);
	const stop = () => void sandbox.close().then(() => process.exit(0));
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
	process.stderr.write(`${(error as Error).message}\n`);
	process.exit(1);
});
