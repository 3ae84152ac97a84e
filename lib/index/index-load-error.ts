/** Why an index folder could not be loaded. */
export type IndexLoadProblem = "missing" | "manifest" | "file-missing" | "size" | "checksum" | "unreadable";

const REBUILD = "Rebuild the index from the Models page, or run the index job for this corpus and model version";

/** An index that cannot be loaded, with what to do about it in the message. */
export class IndexLoadError extends Error {
  constructor(
    readonly problem: IndexLoadProblem,
    readonly folder: string,
    detail: string,
  ) {
    super(
      problem === "missing"
        ? `No index in ${folder} (${detail}). Build it: run the index job for this corpus and model version (Models page).`
        : `The index in ${folder} is broken: ${detail}. ${REBUILD}.`,
    );
    this.name = "IndexLoadError";
  }
}
