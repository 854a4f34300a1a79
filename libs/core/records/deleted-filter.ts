import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { DeletedFilter } from './scoped-records.js';

/** Live records only, unless the list asks for deleted ones too (`include`) or only those (`only`). */
export function deletedFilter<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  deleted: DeletedFilter,
) {
  if (deleted === 'only') qb.andWhere(`${alias}.deleted_at IS NOT NULL`);
  else if (deleted !== 'include') qb.andWhere(`${alias}.deleted_at IS NULL`);
  return qb;
}
