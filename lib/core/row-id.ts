/**
 * The largest row id: ids are 32-bit integers on PostgreSQL (serial), so an id beyond this names
 * no row on either database. Ids from requests are checked against it, so a huge number is an
 * unknown id (404) or a bad value (400), never a database error.
 */
export const MAX_ROW_ID = 2_147_483_647;
