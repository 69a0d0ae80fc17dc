import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { arr, f, map, Schema } from '../../../api/schema/index.js';
import type { JsonObject } from '../json.js';
import { schemaPatchMeta } from '../schema-meta.js';
import { mergeApplied } from './merge.js';

// Cases from structured-merge-diff's typed merge tests ("struct grab bag", "associative list"),
// restated as (live, applied, merged) triples.
const schema = new Schema([
  {
    id: 'test.v1.Root',
    fields: {
      setStr: f(1, arr('string'), undefined, { listType: 'set' }),
      setBool: f(2, arr('boolean'), undefined, { listType: 'set' }),
      setNumeric: f(3, arr('double'), undefined, { listType: 'set' }),
      list: f(4, arr('test.v1.Element'), undefined, { listType: 'map', listMapKeys: ['key', 'id'] }),
      atomicList: f(5, arr('string'), undefined, { listType: 'atomic' }),
      inner: f(6, map('string')),
    },
  },
  { id: 'test.v1.Element', fields: { key: f(1, 'string'), id: f(2, 'int64'), value: f(3, map('string')), bv: f(4, 'boolean'), nv: f(5, 'int64') } },
]);
const meta = schemaPatchMeta('test.v1.Root', { schema });

const cases: [string, string, string][] = [
  ['{"setStr":["a","b"]}', '{"setStr":["b","a"]}', '{"setStr":["b","a"]}'],
  ['{"setStr":["a","b","c"]}', '{"setStr":[]}', '{"setStr":["a","b","c"]}'],
  ['{"setStr":["a","b","c"]}', '{"setStr":["c","d","e","f"]}', '{"setStr":["a","b","c","d","e","f"]}'],
  ['{"setStr":["a","b","c","g","f"]}', '{"setStr":["c","d","e","f"]}', '{"setStr":["a","b","c","g","d","e","f"]}'],
  ['{"setStr":["c","d","e","f"]}', '{"setStr":["a","c","e"]}', '{"setStr":["a","c","d","e","f"]}'],
  ['{"setStr":["a","b","c","x","y","z"]}', '{"setStr":["d","e","f","x","y","z"]}', '{"setStr":["a","b","c","d","e","f","x","y","z"]}'],
  ['{"setStr":["a","b","c","d"]}', '{"setStr":["d","e","f","a"]}', '{"setStr":["b","c","d","e","f","a"]}'],
  ['{"setStr":["c","d","e","f","g","h","i","j"]}', '{"setStr":["2","h","3","e","4","k","l"]}', '{"setStr":["c","d","f","g","2","h","i","j","3","e","4","k","l"]}'],
  ['{"setStr":["a","b","b"]}', '{"setStr":["c"]}', '{"setStr":["a","b","b","c"]}'],
  ['{"setStr":["a","b","b"]}', '{"setStr":["b"]}', '{"setStr":["a","b"]}'],
  ['{"setStr":["a","b","c","d","e","c"]}', '{"setStr":["1","b","2","e","d"]}', '{"setStr":["a","1","b","c","2","e","c","d"]}'],
  ['{"setStr":["a","b","c","d","e","c"]}', '{"setStr":["1","b","2","c","e","d"]}', '{"setStr":["a","1","b","2","c","e","d"]}'],
  ['{"setStr":["a","a","b","b"]}', '{"setStr":["b","c","d"]}', '{"setStr":["a","a","b","c","d"]}'],
  ['{"setStr":["c","a","g","f","c","a"]}', '{"setStr":["c","f","a","g"]}', '{"setStr":["c","f","a","g"]}'],
  ['{"setBool":[true]}', '{"setBool":[false]}', '{"setBool":[true,false]}'],
  ['{"setNumeric":[1,2,3.14159]}', '{"setNumeric":[1,2,3]}', '{"setNumeric":[1,2,3.14159,3]}'],
  ['{"list":[{"key":"a","id":1,"value":{"a":"a"}}]}', '{"list":[{"key":"a","id":2,"value":{"a":"a"}}]}', '{"list":[{"key":"a","id":1,"value":{"a":"a"}},{"key":"a","id":2,"value":{"a":"a"}}]}'],
  ['{"list":[{"key":"b","id":2}]}', '{"list":[{"key":"a","id":1},{"key":"b","id":2},{"key":"c","id":3}]}', '{"list":[{"key":"a","id":1},{"key":"b","id":2},{"key":"c","id":3}]}'],
  ['{"list":[{"key":"a","id":1},{"key":"b","id":2},{"key":"c","id":3}]}', '{"list":[{"key":"c","id":3},{"key":"a","id":1}]}', '{"list":[{"key":"b","id":2},{"key":"c","id":3},{"key":"a","id":1}]}'],
  [
    '{"list":[{"key":"a","id":1,"bv":true},{"key":"b","id":2},{"key":"a","id":1,"bv":false,"nv":2}]}',
    '{"list":[{"key":"a","id":1,"nv":3},{"key":"c","id":3},{"key":"b","id":2}]}',
    '{"list":[{"key":"a","id":1,"nv":3},{"key":"c","id":3},{"key":"b","id":2}]}',
  ],
  ['{"list":[{"key":"a","id":1,"nv":1},{"key":"a","id":1,"nv":2}]}', '{}', '{"list":[{"key":"a","id":1,"nv":1},{"key":"a","id":1,"nv":2}]}'],
  ['{"atomicList":["a","b","c"]}', '{"atomicList":[]}', '{"atomicList":[]}'],
  ['{"atomicList":["a","a","a"]}', '{"atomicList":null}', '{"atomicList":null}'],
  ['{"inner":{}}', '{"inner":null}', '{"inner":null}'],
  ['{"inner":null}', '{"inner":{}}', '{"inner":{}}'],
];

describe('apply merge (structured-merge-diff cases)', () => {
  for (const [live, applied, merged] of cases) {
    it(`${live} + ${applied}`, () => {
      assert.deepEqual(mergeApplied(JSON.parse(live) as JsonObject, JSON.parse(applied) as JsonObject, meta), JSON.parse(merged));
    });
  }
});
