// Which worker ran which execution. n8n 2.41 records no worker in PostgreSQL (execution_entity has no such column, and
// the execution data none either), but it logs both ends of the queue at info level: the process that enqueues an
// execution (here the webhook process) "Enqueued execution <id> (job <job>)", and the worker that takes the job from
// the queue "Worker started execution <id> (job <job>)", each in its own log. Pure: no n8n import, no file access.

// Console log lines may carry ANSI colour codes around the message.
const ANSI = /\u001b\[[0-9;]*m/g;
const EVENTS = {
	enqueued: /Enqueued execution (\S+) \(job /,
	started: /Worker started execution (\S+) \(job /,
};

/** The execution ids a log says were enqueued or started, in log order, each once. */
export function executionsLogged(log: string, event: keyof typeof EVENTS): string[] {
	const ids = log
		.replace(ANSI, '')
		.split('\n')
		.flatMap((line) => {
			const match = EVENTS[event].exec(line);
			return match ? [match[1]] : [];
		});
	return [...new Set(ids)];
}
