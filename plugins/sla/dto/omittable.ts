import { ValidateIf } from 'class-validator';

/** A field a change may leave out, but not set to null: the record cannot be without it. */
export const Omittable = () => ValidateIf((_object, value) => value !== undefined);
