import { readFileSync } from 'node:fs';
import specs from '@asyncapi/specs';
import { Ajv } from 'ajv';
import { compilePayloadChecks } from '../../src/modules/carts/dto/cart-payloads.js';
import { ASYNCAPI_FILE, buildCartsAsyncApi, CLIENT_EVENTS, keyOf, renderCartsAsyncApi, SERVER_EVENTS } from './carts-asyncapi.js';

type Message = { name: string; payload: object; examples: Array<{ payload: unknown }> };

describe('docs/asyncapi.yaml', () => {
  it('is what the code describes (else: npm run docs:asyncapi)', () => {
    expect(readFileSync(ASYNCAPI_FILE, 'utf8')).toBe(renderCartsAsyncApi());
  });

  it('is a valid AsyncAPI 3.0.0 document', () => {
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile((specs as { schemasWithoutId: Record<string, object> }).schemasWithoutId['3.0.0']);
    const valid = validate(buildCartsAsyncApi());
    expect(valid ? [] : validate.errors?.map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
  });

  it("every message's example fits its payload schema; client examples pass the server's own checks", () => {
    const messages = (buildCartsAsyncApi().components as { messages: Record<string, Message> }).messages;
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    for (const [key, message] of Object.entries(messages)) {
      const validate = ajv.compile(message.payload);
      for (const example of message.examples)
        expect({ key, errors: validate(example.payload) ? null : validate.errors }).toEqual({ key, errors: null });
    }
    const checks = compilePayloadChecks();
    for (const [event, doc] of Object.entries(CLIENT_EVENTS))
      expect({ event, details: checks[event as keyof typeof checks](doc.example) }).toEqual({ event, details: undefined });
    expect(Object.keys(messages)).toEqual(
      expect.arrayContaining([...Object.keys(CLIENT_EVENTS), ...Object.keys(SERVER_EVENTS)].map(keyOf)),
    );
  });
});
