import { Client } from './client.js';
import { transportConformance } from './conformance.js';
import { FakeTransport } from './fake/index.js';

let fake: FakeTransport;
transportConformance({
  name: 'fake',
  setup: async () => {
    fake = new FakeTransport();
    return {
      client: (component = 'test') => new Client({ transport: fake, component }),
      forgetWatchHistory: async () => fake.compact(),
      teardown: () => fake.close(),
    };
  },
});
