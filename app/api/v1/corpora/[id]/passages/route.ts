import { appServices } from "@/lib/app-services";
import { handle } from "@/lib/api/api-error";
import { corpusPassages } from "@/lib/db/queries/clusters";
import { routeCorpusId } from "@/app/api/v1/corpora/[id]/clusters/cluster-view";
import { passagesQuery } from "@/app/api/v1/corpora/[id]/clusters/schemas";

type Ctx = { params: Promise<{ id: string }> };

/** GET /api/v1/corpora/{id}/passages?ids=1,2,3: passages of the corpus with their documents (the map's hover text, fetched lazily). */
export const GET = handle(async (request: Request, { params }: Ctx) => {
  const corpusId = await routeCorpusId(request, params);
  const { ids } = passagesQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json({ passages: await corpusPassages(appServices().db, corpusId, ids) });
});
