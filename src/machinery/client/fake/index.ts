export { FakeTransport, type FakeReactor, type FakeTransportOptions, type FakeAction, type FakeVerb, type FakeReply } from './transport.js';
