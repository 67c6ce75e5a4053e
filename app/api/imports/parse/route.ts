import { ApiError } from '@/lib/errors/api-error';
import { IMPORT_KINDS, MAX_FILE_BYTES, MAX_FILE_LABEL } from '@/lib/imports/schema';
import { uploadImportFile } from '@/lib/imports/server';
import { authedRoute, readLimitedBody } from '@/lib/server/http/route';

/** Room for the multipart envelope around the file itself. */
const ENVELOPE_BYTES = 16 * 1024;
const tooLarge = () =>
  new ApiError('import_file_too_large', `The file is too large: the limit is ${MAX_FILE_LABEL}. Split it into smaller files.`);

async function limitedBody(request: Request): Promise<ArrayBuffer> {
  const all = await readLimitedBody(request, MAX_FILE_BYTES + ENVELOPE_BYTES, tooLarge);
  return all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
}

/**
 * POST /api/imports/parse (multipart/form-data, field `file`): the file's header and rows as text, and the id of the
 * upload the server keeps with the hash of its bytes (the preview and the import refer to it).
 */
export const POST = authedRoute(async (request, { user }) => {
  const type = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data/i.test(type)) throw new ApiError('unsupported_media_type', 'Upload the file as multipart/form-data.');
  const body = await limitedBody(request);
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'Content-Type': type } }).formData();
  } catch {
    throw new ApiError('import_file_invalid', 'The upload could not be read. Choose the file again.');
  }
  const file = form.get('file');
  // What the file is for (its header is matched against that template) and the workbook sheet chosen, if any.
  const kind = IMPORT_KINDS.find((k) => k === form.get('kind'));
  const sheet = form.get('sheet');
  if (!file || typeof file === 'string') throw new ApiError('import_file_invalid', 'Choose a file to upload.');
  if (file.size > MAX_FILE_BYTES) throw tooLarge();
  return Response.json({
    data: await uploadImportFile(user, file.name, new Uint8Array(await file.arrayBuffer()), {
      kind,
      sheet: typeof sheet === 'string' && sheet ? sheet.slice(0, 100) : undefined,
    }),
  });
});
