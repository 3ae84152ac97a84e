import { EXTENSIONS, FORMAT_IDS } from "@/lib/ingest/formats/registry";
import { z } from "zod";
import { config, type AuthConfig } from "@/lib/config";
import { createCorpusBody } from "@/app/api/v1/corpora/schemas";
import { pageQuery } from "@/app/api/v1/corpora/[id]/documents/schemas";
import { trainBody } from "@/app/api/v1/corpora/[id]/train/schemas";
import { trainingQuery } from "@/app/api/v1/models/[id]/training/schemas";
import { promoteBody } from "@/app/api/v1/models/[id]/promote/schemas";
import { searchBody } from "@/app/api/v1/search/schemas";
import { embedBody, similarityBody } from "@/app/api/v1/similarity/schemas";
import { authPaths, corpusPatch } from "@/app/api/v1/openapi.json/openapi-auth-paths";
import { securitySchemes, withSecurity } from "@/app/api/v1/openapi.json/openapi-security";
import {
  clusterRunBody,
  exportQuery,
  mapQuery,
  membersQuery,
  mergeBody,
  reduceBody,
  renameBody,
} from "@/app/api/v1/corpora/[id]/clusters/schemas";

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any" });
const json = (s: z.ZodType) => ({ required: true, content: { "application/json": { schema: schema(s) } } });
const ok = (description: string) => ({ description, content: { "application/json": { schema: { type: "object" } } } });
const errors = {
  "400": {
    description:
      "invalid input: `error.message` says what is wrong (and for uploads, the file and line); `error.details` lists fields",
  },
  "404": { description: "not found" },
};
const idParam = (name: string, what: string) => ({
  name,
  in: "path",
  required: true,
  description: `${what} id`,
  schema: { type: "integer" },
});
const queryParams = (s: z.ZodType, skip: string[] = []) =>
  Object.entries((schema(s) as { properties: Record<string, unknown> }).properties)
    .filter(([name]) => !skip.includes(name))
    .map(([name, p]) => ({ name, in: "query", schema: p }));
/** GET /search takes the body's scalar fields as parameters, `q` as a short name, and `filter.FIELD=VALUE`. */
const searchQueryParams = [
  ...queryParams(searchBody, ["filters", "vector"]),
  { name: "q", in: "query", description: "short for query", schema: { type: "string" } },
  {
    name: "filter.{field}",
    in: "query",
    description: "metadata filter: documents whose field equals the value, e.g. filter.topic=astronomy",
    schema: { type: "string" },
  },
];

/**
 * The OpenAPI 3.1 description of /api/v1, built from the same zod schemas that validate requests
 * (and the rate limits of `auth`, default the server's configuration).
 */
export function openApiDocument(serverUrl: string, auth: Pick<AuthConfig, "rateLogin" | "ratePerIp"> = config().auth) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Cognate API",
      version: "1",
      description:
        "Semantic search, similarity and corpus management. Send an API key as Authorization: Bearer <key>. Errors are JSON: { error: { message, details? } }; 429 answers carry Retry-After.",
    },
    servers: [{ url: serverUrl }],
    components: { securitySchemes },
    security: [{ bearer: [] }, { session: [] }],
    paths: withSecurity({
      "/api/v1/corpora": {
        get: { summary: "List corpora with document and passage counts", responses: { "200": ok("{ corpora }") } },
        post: {
          summary: "Create a corpus",
          requestBody: json(createCorpusBody),
          responses: { "201": ok("{ corpus }"), "409": { description: "the name is taken" }, ...errors },
        },
      },
      "/api/v1/corpora/{id}": {
        parameters: [idParam("id", "corpus")],
        get: { summary: "A corpus with its uploads", responses: { "200": ok("{ corpus, uploads }"), ...errors } },
        patch: corpusPatch,
        delete: {
          summary: "Delete a corpus and everything in it",
          responses: { "204": { description: "deleted" }, ...errors },
        },
      },
      "/api/v1/corpora/{id}/documents": {
        parameters: [idParam("id", "corpus")],
        get: {
          summary: "A page of documents",
          parameters: queryParams(pageQuery),
          responses: { "200": ok("{ documents, total, limit, offset }"), ...errors },
        },
        post: {
          summary: "Upload a file (validated whole, then ingested by a job)",
          requestBody: {
            required: true,
            content: {
              "multipart/form-data": {
                schema: {
                  type: "object",
                  required: ["file"],
                  properties: {
                    file: { type: "string", format: "binary", description: EXTENSIONS.join(" ") },
                    format: { enum: FORMAT_IDS },
                    textColumns: { type: "string", description: "CSV: comma-separated text columns" },
                    titleColumn: { type: "string" },
                    textField: { type: "string", description: "JSONL: field with the text (dot path allowed)" },
                    titleField: { type: "string" },
                  },
                },
              },
            },
          },
          responses: {
            "202": ok("{ uploadId, jobId, documentCount }"),
            "413": { description: "over the upload limit" },
            ...errors,
          },
        },
      },
      "/api/v1/corpora/{id}/clusters": {
        parameters: [idParam("id", "corpus")],
        get: {
          summary:
            "The current clustering: run (method, silhouette, counts), clusters largest first (id, name, label, keywords, size), newest clustering job",
          responses: { "200": ok("{ corpusId, run, clusters, job }"), ...errors },
        },
        post: {
          summary: "Cluster again (k-means with k or k chosen by silhouette; density clustering with outliers); a job",
          requestBody: json(clusterRunBody),
          responses: { "202": ok("{ job }"), "409": { description: "the corpus has no model yet" }, ...errors },
        },
      },
      "/api/v1/corpora/{id}/clusters/{cid}": {
        parameters: [
          idParam("id", "corpus"),
          {
            name: "cid",
            in: "path",
            required: true,
            description: "stable cluster id; -1 for the outliers",
            schema: { type: "integer" },
          },
        ],
        get: {
          summary: "One cluster: keywords, representative passages, a page of members, the run's silhouette",
          parameters: queryParams(membersQuery),
          responses: { "200": ok("{ run, cluster, representatives, members, total, limit, offset }"), ...errors },
        },
        patch: {
          summary: "Rename a cluster (null or empty: back to its keyword label)",
          requestBody: json(renameBody),
          responses: { "200": ok("{ cluster }"), ...errors },
        },
      },
      "/api/v1/corpora/{id}/clusters/merge": {
        parameters: [idParam("id", "corpus")],
        post: {
          summary: "Merge clusters into the first one (a job; the map stays)",
          requestBody: json(mergeBody),
          responses: { "202": ok("{ job }"), ...errors },
        },
      },
      "/api/v1/corpora/{id}/clusters/reduce": {
        parameters: [idParam("id", "corpus")],
        post: {
          summary: "Reduce the clusters to N topics by merging the most similar (a job)",
          requestBody: json(reduceBody),
          responses: { "202": ok("{ job }"), ...errors },
        },
      },
      "/api/v1/corpora/{id}/clusters/map": {
        parameters: [idParam("id", "corpus")],
        get: {
          summary:
            "Map points: binary little-endian [u32 n][i32 passageIds×n][i32 clusterIds×n][f32 xy×2n], or JSON of arrays",
          parameters: queryParams(mapQuery),
          responses: {
            "200": {
              description: "application/octet-stream, or { runId, passageIds, clusterIds, x, y } with format=json",
              content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } },
            },
            ...errors,
          },
        },
      },
      "/api/v1/corpora/{id}/clusters/export": {
        parameters: [idParam("id", "corpus")],
        get: {
          summary: "Download every passage's cluster assignment as CSV or JSON",
          parameters: queryParams(exportQuery),
          responses: {
            "200": {
              description:
                "text/csv (passage_id,document_id,document_title,cluster_id,cluster_name,x,y) or { runId, method, assignments }",
            },
            ...errors,
          },
        },
      },
      "/api/v1/corpora/{id}/passages": {
        parameters: [idParam("id", "corpus")],
        get: {
          summary: "Passages of the corpus by id (at most 200), with their document titles",
          parameters: [
            {
              name: "ids",
              in: "query",
              required: true,
              description: "comma-separated passage ids",
              schema: { type: "string" },
            },
          ],
          responses: { "200": ok("{ passages }"), ...errors },
        },
      },
      "/api/v1/corpora/{id}/train": {
        parameters: [idParam("id", "corpus")],
        post: {
          summary:
            "Start a training run: creates a model version and queues its training job (then an index job); `{}` trains with the defaults",
          requestBody: json(trainBody),
          responses: {
            "202": ok("{ modelVersion, job }"),
            "409": { description: "the corpus has nothing to train on" },
            ...errors,
          },
        },
      },
      "/api/v1/models/{id}/training": {
        parameters: [idParam("id", "model version")],
        get: {
          summary:
            "A model version's training run: job, settings and history points {step, loss, lr, seqPerSec, evalValue}; `after` returns only newer points",
          parameters: queryParams(trainingQuery),
          responses: {
            "200": ok("{ modelVersion, job, settings, pointCount, lastStep, points, downsampled }"),
            ...errors,
          },
        },
      },
      "/api/v1/models/{id}/promote": {
        parameters: [idParam("id", "model version")],
        post: {
          summary:
            "Make a ready or retired model version serve its corpus (promotion or rollback by hand; admin, audited); the previous live version is retired",
          requestBody: { ...json(promoteBody), required: false },
          responses: {
            "200": ok("{ modelVersion, outcome: live | unchanged, previous?, job? }"),
            "202": ok("{ modelVersion, outcome: indexing, job }: serves once its index is built"),
            "409": { description: "the version cannot serve (still training, failed)" },
            ...errors,
          },
        },
      },
      "/api/v1/documents/{id}": {
        parameters: [idParam("id", "document")],
        get: {
          summary: "A document with its passages and offsets",
          responses: { "200": ok("{ document }"), ...errors },
        },
      },
      "/api/v1/search": {
        get: {
          summary: "Search (q or query; filter.FIELD=VALUE for metadata)",
          parameters: searchQueryParams,
          responses: {
            "200": ok(
              "{ query, mode, results (each with model?: { modelVersionId, name, source }, the model serving its corpus, in dense and hybrid answers), notice?, models, tookMs }",
            ),
            ...errors,
          },
        },
        post: {
          summary: "Search",
          requestBody: json(searchBody),
          responses: {
            "200": ok(
              "{ query, mode, results (each with model?: { modelVersionId, name, source }, the model serving its corpus, in dense and hybrid answers), notice?, models, tookMs }",
            ),
            ...errors,
          },
        },
      },
      "/api/v1/similarity": {
        post: {
          summary: "Cosine similarity matrix of texts, or scores of pairs",
          requestBody: json(similarityBody),
          responses: {
            "200": ok("{ model, matrix } or { model, scores }"),
            "409": { description: "no model serves yet" },
            ...errors,
          },
        },
      },
      "/api/v1/embed": {
        post: {
          summary: "Sentence embeddings (L2-normalised)",
          requestBody: json(embedBody),
          responses: { "200": ok("{ model, embeddings }"), "409": { description: "no model serves yet" }, ...errors },
        },
      },
      "/api/v1/jobs": { get: { summary: "Recent jobs with progress", responses: { "200": ok("{ jobs }") } } },
      "/api/v1/jobs/{id}": {
        parameters: [idParam("id", "job")],
        get: { summary: "One job", responses: { "200": ok("{ job }"), ...errors } },
      },
      "/api/v1/jobs/{id}/cancel": {
        parameters: [idParam("id", "job")],
        post: { summary: "Cancel a job", responses: { "200": ok("{ job }"), ...errors } },
      },
      "/api/v1/jobs/{id}/resume": {
        parameters: [idParam("id", "job")],
        post: {
          summary: "Resume a cancelled or failed training job from its last checkpoint",
          responses: {
            "200": ok("{ job }"),
            "409": { description: "not a training job, or not cancelled or failed" },
            ...errors,
          },
        },
      },
      "/api/v1/jobs/events": {
        get: {
          summary: "Server-Sent Events: `snapshot`, then `job` per change",
          responses: { "200": { description: "text/event-stream" } },
        },
      },
      ...authPaths(auth),
    }),
  };
}
