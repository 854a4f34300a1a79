/**
 * How a value is written into JSON text: `text` escaped as a JSON string, `plain` quoted as it
 * is (ids, amounts, dates: nothing to escape), `number` bare, `json` already JSON text.
 */
export type JsonKind = 'text' | 'plain' | 'number' | 'json';

export type JsonField = readonly [key: string, sql: string, kind: JsonKind];

const valueSql = (sql: string, kind: JsonKind) => {
  switch (kind) {
    case 'text':
      return `coalesce(to_json((${sql})::text)::text, 'null')`;
    case 'plain':
      return `coalesce('"' || (${sql}) || '"', 'null')`;
    case 'number':
      return `coalesce((${sql})::text, 'null')`;
    case 'json':
      return `coalesce(${sql}, 'null')`;
  }
};

/**
 * SQL writing one JSON object as text, key by key, null values as `null`. For answers of
 * thousands of rows: PostgreSQL concatenates text several times faster than `json_build_object`
 * builds objects, and the server then sends the text as it comes instead of shaping and
 * serialising thousands of objects itself.
 */
export const jsonObjectSql = (fields: readonly JsonField[]) =>
  `('{' || ${fields.map(([key, sql, kind], i) => `'${i ? ',' : ''}${JSON.stringify(key)}:' || ${valueSql(sql, kind)}`).join(' || ')} || '}')`;
