import { Param, ParseUUIDPipe } from '@nestjs/common';
import { invalid } from '../errors/app-error.js';

/** A UUID path parameter; anything else is a 400 naming the parameter, never a database error. */
export const IdParam = (name = 'id') =>
  Param(name, new ParseUUIDPipe({ exceptionFactory: () => invalid(name, 'INVALID_ID', `${name} must be a UUID`) }));
