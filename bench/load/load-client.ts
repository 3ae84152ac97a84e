import { BENCH_KEY } from "@/bench/search-http/app-server";
import { LOAD_ADMIN } from "@/bench/load/app-stack";
import { SAMPLE_CORPUS_NAME, sampleDocuments } from "@/lib/sample/sample-corpus";

const API = { authorization: `Bearer ${BENCH_KEY}` };
const JSON_API = { ...API, "content-type": "application/json" };

/** A job as GET /api/v1/jobs shows it (the fields the load reads). */
export interface JobSummary {
  id: number;
  type: string;
  status: string;
  message?: string | null;
  error?: string | null;
  progress?: number;
}

async function api<T>(baseUrl: string, path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(baseUrl + path, { ...init, headers: { ...API, ...(init.headers ?? {}) } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** Logs the bench admin in and returns the session cookie that page loads send. */
export async function loginCookie(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify(LOAD_ADMIN),
  });
  if (!res.ok) throw new Error(`login answered ${res.status}: ${await res.text()}`);
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error("login set no cookie");
  return cookie;
}

/** The id of the sample corpus that the first start loaded. */
export async function sampleCorpusId(baseUrl: string): Promise<number> {
  const { corpora } = await api<{ corpora: { id: number; name: string }[] }>(baseUrl, "/api/v1/corpora");
  const sample = corpora.find((c) => c.name === SAMPLE_CORPUS_NAME);
  if (!sample) throw new Error(`no corpus named "${SAMPLE_CORPUS_NAME}": start with COGNATE_SAMPLE on`);
  return sample.id;
}

export function listJobs(baseUrl: string): Promise<JobSummary[]> {
  return api<{ jobs: JobSummary[] }>(baseUrl, "/api/v1/jobs?limit=500").then((r) => r.jobs);
}

export function getJob(baseUrl: string, id: number): Promise<JobSummary> {
  return api<{ job: JobSummary }>(baseUrl, `/api/v1/jobs/${id}`).then((r) => r.job);
}

/** Cancels a job (a running one stops at its next step). */
export async function cancelJob(baseUrl: string, id: number): Promise<void> {
  await api(baseUrl, `/api/v1/jobs/${id}/cancel`, { method: "POST" });
}

/** Waits until no job is queued or running (the first start's ingest, model, index and clustering). */
export async function waitForIdle(baseUrl: string, timeoutMs: number): Promise<JobSummary[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const jobs = await listJobs(baseUrl);
    if (!jobs.some((j) => j.status === "queued" || j.status === "running")) return jobs;
    if (Date.now() > deadline)
      throw new Error(`jobs still busy after ${timeoutMs / 1000} s: ${JSON.stringify(jobs.slice(0, 5))}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * Uploads a CSV of `copies` renamed copies of the sample documents (so none is a duplicate) to
 * the corpus: the ingest, then the embedding of its passages, run while the load runs.
 */
export async function startUpload(baseUrl: string, corpusId: number, copies: number, tag: string): Promise<number> {
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const rows = Array.from({ length: copies }, (_, c) =>
    sampleDocuments().map((d) => [quote(`${d.title} (${tag} ${c})`), quote(`${d.text} Copy ${tag} ${c}.`)].join(",")),
  ).flat();
  const form = new FormData();
  form.set("file", new File([`title,text\n${rows.join("\n")}\n`], `load-${tag}.csv`));
  const reply = await api<{ jobId: number }>(baseUrl, `/api/v1/corpora/${corpusId}/documents`, {
    method: "POST",
    body: form,
  });
  return reply.jobId;
}

/** Starts a training run of the corpus's base model with the default recipe. */
export async function startTraining(baseUrl: string, corpusId: number): Promise<number> {
  const reply = await api<{ job: { id: number } }>(baseUrl, `/api/v1/corpora/${corpusId}/train`, {
    method: "POST",
    headers: JSON_API,
    body: JSON.stringify({ name: `load ${new Date().toISOString()}` }),
  });
  return reply.job.id;
}

export { JSON_API };
