import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderOpenApi } from '../api/admin/openapi';
import { documentedOperations } from '../api/admin/operations-index';

/** `npm run openapi`: writes docs/openapi.json from the admin operations the server registers. */
const OPENAPI_FILE = fileURLToPath(new URL('../../docs/openapi.json', import.meta.url));

await writeFile(OPENAPI_FILE, renderOpenApi(documentedOperations()));
console.log(`wrote ${OPENAPI_FILE}`);
