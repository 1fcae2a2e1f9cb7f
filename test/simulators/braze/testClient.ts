// axios client for the simulator tests: never throws on a status.
import axios, { type AxiosInstance } from 'axios';

import type { BrazeSimulator } from './server';

export function brazeClient(sim: BrazeSimulator, key = sim.apiKey): AxiosInstance {
	return axios.create({ baseURL: sim.url, headers: { Authorization: `Bearer ${key}` }, validateStatus: () => true });
}
