// axios clients for the simulator tests: never throw on a status, so tests assert on Zendesk's answers.
import axios, { type AxiosInstance } from 'axios';

import { basicAuthHeader } from './auth';
import type { ZendeskSimulator } from './server';

export function zendeskClient(sim: ZendeskSimulator, token = sim.apiToken, email = sim.email): AxiosInstance {
	return axios.create({
		baseURL: sim.url,
		headers: { Authorization: basicAuthHeader(email, token) },
		validateStatus: () => true,
	});
}
