// The set-up the simulator tests share: one simulator and one receiver for a describe block, each test starting from an
// empty simulator and an empty receiver, both closed at the end.
import { startReceiver, type Receiver } from './receiver';

interface Simulator {
	reset(): void;
	close(): Promise<void>;
}

/**
 * Registers the describe block's hooks: `start` and a receiver before all tests (handed to `started`, which keeps them
 * and builds its clients), a reset of both after each test, closing both after all. Hooks declared before this call
 * run before its reset (Jest runs after-hooks in declaration order).
 */
export function simulatorWithReceiver<S extends Simulator>(start: () => Promise<S>, started: (started: { sim: S; receiver: Receiver }) => void): void {
	let sim: S;
	let receiver: Receiver;
	beforeAll(async () => {
		sim = await start();
		receiver = await startReceiver();
		started({ sim, receiver });
	});
	afterEach(() => {
		sim.reset();
		receiver.requests.length = 0;
	});
	afterAll(async () => {
		await sim.close();
		await receiver.close();
	});
}
